// ListMachines at scale: streams 1,000,000 machines from a latchkey server on
// PostgreSQL and samples the server's memory while it does, to show the
// stream runs in flat memory; then a client that reads a little and cancels.
// Usage: npm run bench:list [-- --machines N]   (needs PostgreSQL at 127.0.0.1:5432)
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "../test/harness.js";
import { printTable, type Row, sql, startLatchkey } from "./lib.js";
import { seedMachines, streamMachines, streamRow } from "./list-stream.js";

const { values } = parseArgs({ options: { machines: { type: "string", default: "1000000" } } });
const total = Number(values.machines);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = "latchkey_bench_list";
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);
/** Growth of the server's RSS above its idle level that still counts as flat. */
const FLAT_LIMIT_MIB = 64;

await sql(adminUrl, `drop database if exists ${databaseName} with (force)`);
await sql(adminUrl, `create database ${databaseName}`);
const instanceKey = newSecret("sk");

/** run starts a server (with `nodeOptions`), runs the scenarios against it and returns their rows. */
async function run(label: string, nodeOptions: string, scenarios: "all" | "full only"): Promise<Row[]> {
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
    if (scenarios === "all") {
      rows.push(
        await measure("slow client, cancels at 20,000", async (received) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return received < 20_000;
        }),
      );
      rows.push(await measure("full stream again"));
    }
    return rows;
  } finally {
    await server.stop();
  }
}

/** With the old generation capped this low, a stream that kept what it sent would crash the server. */
const HEAP_CAP_MIB = 64;
const rows: Row[] = [];
let seeded = false;
for (const [label, options, scenarios] of [
  ["default heap", "", "full only"],
  [`heap capped at ${HEAP_CAP_MIB} MiB`, `--max-old-space-size=${HEAP_CAP_MIB}`, "all"],
] as const) {
  if (!seeded) {
    // The first server start bootstraps the instance the machines belong to.
    const bootstrap = await startLatchkey(databaseUrl, instanceKey);
    await bootstrap.stop();
    await seedMachines(databaseUrl, total);
    seeded = true;
  }
  rows.push(...(await run(label, options, scenarios)));
}

console.log(`\nListMachines over gRPC (HTTP/2), ${total} machines on PostgreSQL, server in its own process\n`);
printTable(rows);
const capped = rows.filter((row) => String(row.server).startsWith("heap capped"));
const worst = Math.max(...capped.map((row) => Number(row["peak - idle (MiB)"])));
console.log(
  `\nflat memory: ${worst <= FLAT_LIMIT_MIB ? "yes" : "no"} (with the heap capped, the largest RSS growth over idle` +
    ` was ${worst} MiB, limit ${FLAT_LIMIT_MIB} MiB). With the default heap V8 lets garbage pile up` +
    " before collecting it; the capped runs show none of it is kept.",
);
