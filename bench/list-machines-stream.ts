// ListMachines at scale: streams 1,000,000 machines from a latchkey server on
// PostgreSQL over gRPC and samples the server's memory while it does; then a
// slow client that reads a little and cancels, and the full stream again.
// Usage: npm run bench:list [-- --machines N --capped-heap --server-node-options="--cpu-prof"]
//        (needs PostgreSQL; DATABASE_URL names the server and, with `_bench_list` added,
//        the database it creates: latchkey_bench_list by default)
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "../test/harness.js";
import { freshBenchDatabase, printTable, type Row, rssMiB, startLatchkey } from "./lib.js";
import { seedMachines, streamMachines, streamRow } from "./list-stream.js";

const { values } = parseArgs({
  options: {
    machines: { type: "string", default: "1000000" },
    /** Also run a server with its old generation capped at 64 MiB (slow: it mostly collects garbage). */
    "capped-heap": { type: "boolean", default: false },
    /** NODE_OPTIONS added for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
    "server-node-options": { type: "string", default: "" },
  },
});
const total = Number(values.machines);
/** Growth of the server's RSS above its idle level that still counts as flat for the slow client. */
const FLAT_LIMIT_MIB = 64;
/** The targets: the stream's rate, and the server's peak RSS over the whole run (VmHWM). */
const TARGET_MACHINES_PER_SECOND = 100_000;
const TARGET_PEAK_RSS_MIB = 250;
/** With the old generation capped this low, a stream that kept what it sent would crash the server. */
const HEAP_CAP_MIB = 64;

const { url: databaseUrl } = await freshBenchDatabase("_bench_list");
const instanceKey = newSecret("sk");
// The first server start bootstraps the instance the machines belong to.
const bootstrap = await startLatchkey(databaseUrl, instanceKey);
await bootstrap.stop();
await seedMachines(databaseUrl, total);

const SLOW_CLIENT = "slow client (20 ms a message), cancels at 20,000";

/** run starts a server (with `nodeOptions`), runs the scenarios against it and returns their rows and its VmHWM. */
async function run(label: string, nodeOptions: string): Promise<{ rows: Row[]; peakMiB: number }> {
  const server = await startLatchkey(databaseUrl, instanceKey, nodeOptions);
  const pid = server.process.pid as number;
  try {
    const machines = createClient(
      MachineService,
      createGrpcTransport({ baseUrl: server.url, interceptors: [bearer(instanceKey)] }),
    );
    await machines.getMachine({ id: `mch_${"1".padStart(27, "0")}` }); // warm up
    const measure = async (scenario: string, consume?: (received: number) => Promise<boolean>): Promise<Row> =>
      streamRow(label, scenario, await streamMachines(server.url, instanceKey, pid, consume));
    const rows = [await measure("full stream, fast client")];
    rows.push(
      await measure(SLOW_CLIENT, async (received) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return received < 20_000;
      }),
    );
    rows.push(await measure("full stream again"));
    return { rows, peakMiB: rssMiB(pid).peak };
  } finally {
    await server.stop();
  }
}

const servers: [string, string][] = [["as deployed", values["server-node-options"]]];
if (values["capped-heap"]) {
  servers.push([
    `heap capped at ${HEAP_CAP_MIB} MiB`,
    `--max-old-space-size=${HEAP_CAP_MIB} ${values["server-node-options"]}`,
  ]);
}
const rows: Row[] = [];
const peaks: string[] = [];
let deployedPeak = 0;
for (const [label, options] of servers) {
  const result = await run(label, options);
  rows.push(...result.rows);
  peaks.push(`${label}: ${result.peakMiB.toFixed(0)} MiB`);
  if (label === "as deployed") deployedPeak = result.peakMiB;
}

console.log(
  `\nListMachines over gRPC (HTTP/2, the client accepting gzip as connect-node's does), ${total} machines on PostgreSQL, ` +
    `server in its own process; load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}\n`,
);
printTable(rows);
const deployed = rows.filter((row) => row.server === "as deployed");
const fastest = Math.max(
  ...deployed.filter((row) => row.scenario !== SLOW_CLIENT).map((row) => Number(row["machines/s"])),
);
const slowGrowth = Math.max(
  ...rows.filter((row) => row.scenario === SLOW_CLIENT).map((row) => Number(row["peak - idle (MiB)"])),
);
const yes = (ok: boolean) => (ok ? "yes" : "no");
console.log(`\nserver peak RSS over the whole run (VmHWM): ${peaks.join(", ")}`);
console.log(
  `targets: >= ${TARGET_MACHINES_PER_SECOND} machines/s: ${yes(fastest >= TARGET_MACHINES_PER_SECOND)} (${fastest}); ` +
    `peak RSS under ${TARGET_PEAK_RSS_MIB} MiB: ${yes(deployedPeak < TARGET_PEAK_RSS_MIB)} (${deployedPeak.toFixed(0)}); ` +
    `slow client in flat memory: ${yes(slowGrowth <= FLAT_LIMIT_MIB)} (RSS growth ${slowGrowth} MiB, limit ${FLAT_LIMIT_MIB}).`,
);
console.log(
  "machines/s is the wall-clock rate on a shared machine: the server, this client and PostgreSQL share its cores;" +
    " the CPU columns (server and client µs per machine) are the steadier figures.",
);
