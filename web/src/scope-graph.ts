import { svg } from "./dom.js";

/** GraphNode is a machine in the scope graph. */
export type GraphNode = { id: string; name: string };

/** MAX_SIDE bounds how many machines each side of the graph draws; the rest are counted. */
const MAX_SIDE = 25;
const WIDTH = 720;
const ROW = 34;
const NODE_W = 200;
const NODE_H = 26;

function label(text: string): string {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

function node(item: GraphNode, x: number, y: number, kind: string): SVGElement {
  return svg(
    "g",
    { class: `node ${kind}`, transform: `translate(${x} ${y})` },
    svg("title", {}, `${item.name} (${item.id})`),
    svg("rect", { width: NODE_W, height: NODE_H, rx: 6 }),
    svg("text", { x: NODE_W / 2, y: NODE_H / 2 + 5, "text-anchor": "middle" }, label(item.name)),
  );
}

/**
 * scopeGraph draws "who may call whom" around one machine: the machines that
 * may call it on the left (`callers`, from the machines loaded in the list),
 * the machines it may call on the right, arrows in the direction of the call.
 * It is an image with a text alternative; the lists beside it carry the same facts.
 */
export function scopeGraph(
  center: GraphNode,
  callers: readonly GraphNode[],
  callees: readonly GraphNode[],
): SVGElement {
  const shown = (items: readonly GraphNode[]) => items.slice(0, MAX_SIDE);
  const left = shown(callers);
  const right = shown(callees);
  const rows = Math.max(
    1,
    left.length + (callers.length > MAX_SIDE ? 1 : 0),
    right.length + (callees.length > MAX_SIDE ? 1 : 0),
  );
  const height = rows * ROW + 40;
  const centerX = (WIDTH - NODE_W) / 2;
  const centerY = height / 2 - NODE_H / 2;
  const top = (count: number) => (height - count * ROW) / 2 + (ROW - NODE_H) / 2;
  const edges: SVGElement[] = [];
  const nodes: SVGElement[] = [node(center, centerX, centerY, "center")];
  left.forEach((item, i) => {
    const y = top(left.length) + i * ROW;
    nodes.push(node(item, 0, y, "caller"));
    edges.push(
      svg("line", {
        x1: NODE_W,
        y1: y + NODE_H / 2,
        x2: centerX - 4,
        y2: centerY + NODE_H / 2,
        "marker-end": "url(#arrow)",
      }),
    );
  });
  right.forEach((item, i) => {
    const y = top(right.length) + i * ROW;
    nodes.push(node(item, WIDTH - NODE_W, y, "callee"));
    edges.push(
      svg("line", {
        x1: centerX + NODE_W,
        y1: centerY + NODE_H / 2,
        x2: WIDTH - NODE_W - 4,
        y2: y + NODE_H / 2,
        "marker-end": "url(#arrow)",
      }),
    );
  });
  const more = (count: number, x: number) =>
    svg("text", { x, y: height - 8, class: "more", "text-anchor": "middle" }, `+${count} more`);
  const summary = `${center.name}: ${callers.length} loaded machine(s) may call it; it may call ${callees.length}.`;
  return svg(
    "svg",
    { class: "scope-graph", viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": summary },
    svg("title", {}, summary),
    svg(
      "defs",
      {},
      svg(
        "marker",
        {
          id: "arrow",
          viewBox: "0 0 10 10",
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: "auto-start-reverse",
        },
        svg("path", { d: "M 0 0 L 10 5 L 0 10 z" }),
      ),
    ),
    svg("g", { class: "edges" }, ...edges),
    ...nodes,
    ...(callers.length > MAX_SIDE ? [more(callers.length - MAX_SIDE, NODE_W / 2)] : []),
    ...(callees.length > MAX_SIDE ? [more(callees.length - MAX_SIDE, WIDTH - NODE_W / 2)] : []),
  );
}
