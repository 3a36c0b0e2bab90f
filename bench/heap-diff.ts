// Compares two V8 heap snapshots of one process: live size and node count,
// then the constructors (or node types) whose live size grew most. A growing
// RSS with a flat live heap is the allocator or V8 keeping memory, not a leak.
// Take the snapshots with the server started under
// `--heapsnapshot-signal=SIGUSR2` (see bench:soak's --server-node-options)
// and `kill -USR2 <pid>` at two times; each one runs a full GC first.
// Usage: node --import tsx bench/heap-diff.ts <earlier.heapsnapshot> <later.heapsnapshot>
import { readFileSync } from "node:fs";

/** The parts of the .heapsnapshot JSON format read here. */
type HeapSnapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};

/** A snapshot's live bytes and node count, overall and per constructor. */
type Summary = { bytes: number; nodes: number; groups: Map<string, { count: number; bytes: number }> };

function summarize(file: string): Summary {
  const heap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [type, name, size] = ["type", "name", "self_size"].map((field) => fields.indexOf(field)) as [
    number,
    number,
    number,
  ];
  const summary: Summary = { bytes: 0, nodes: 0, groups: new Map() };
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const kind = types[heap.nodes[i + type] as number] ?? "?";
    // Objects, closures and native nodes are named by constructor; the rest (strings, code…) by type.
    const named = kind === "object" || kind === "closure" || kind === "native";
    const group = named ? `${kind} ${heap.strings[heap.nodes[i + name] as number]}` : `(${kind})`;
    const bytes = heap.nodes[i + size] as number;
    const entry = summary.groups.get(group) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    summary.groups.set(group, entry);
    summary.bytes += bytes;
    summary.nodes++;
  }
  return summary;
}

const [earlierFile, laterFile] = process.argv.slice(2);
if (earlierFile === undefined || laterFile === undefined) {
  console.error("usage: node --import tsx bench/heap-diff.ts <earlier.heapsnapshot> <later.heapsnapshot>");
  process.exit(2);
}
const earlier = summarize(earlierFile);
const later = summarize(laterFile);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
console.log(
  `live heap ${mib(earlier.bytes)} MiB → ${mib(later.bytes)} MiB, ${earlier.nodes} → ${later.nodes} objects; largest growth:`,
);
const growth = [...later.groups].map(([group, now]) => {
  const before = earlier.groups.get(group) ?? { count: 0, bytes: 0 };
  return { group, count: now.count - before.count, bytes: now.bytes - before.bytes };
});
growth.sort((a, b) => b.bytes - a.bytes);
for (const { group, count, bytes } of growth.slice(0, 15)) {
  console.log(`${String(bytes).padStart(10)} B  ${String(count).padStart(7)} objects  ${group.slice(0, 80)}`);
}
