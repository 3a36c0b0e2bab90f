/** Child is anything `h` can append; null, undefined and false are skipped. */
export type Child = Node | string | null | undefined | false;

type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

/**
 * h builds an element: attributes are set as given (`true` sets an empty
 * attribute, `false`/`undefined` none), `on<event>` functions become
 * listeners, and text children are text nodes (never parsed as HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(
    ...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false),
  );
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** svg builds an SVG element with attributes and children. */
export function svg(tag: string, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** formatTime shows a protobuf timestamp's date in the reader's locale, or a dash. */
export function formatTime(date: Date | undefined): string {
  return date === undefined ? "—" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** countText writes a count with the reader's digit grouping. */
export function countText(value: number | bigint): string {
  return value.toLocaleString();
}
