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
import { printTable, type Row, rssMiB, sql, startLatchkey } from "./lib.js";

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

/** seed fills the bench database with `total` machines, 1% of them with a scope, in two statements. */
async function seed(): Promise<void> {
  const [instance] = await sql<{ id: string }>(databaseUrl, "select id from instance");
  const started = performance.now();
  await sql(
    databaseUrl,
    `insert into machine (id, instance_id, name, default_token_ttl_seconds, create_time, update_time)
     select 'mch_' || lpad(n::text, 27, '0'), $1, 'machine-' || n, 3600,
            now() - make_interval(secs => n / 1000.0), now() - make_interval(secs => n / 1000.0)
     from generate_series(1, $2::int) as n`,
    [instance?.id, total],
  );
  await sql(
    databaseUrl,
    `insert into machine_scope (from_machine_id, to_machine_id, instance_id, create_time)
     select 'mch_' || lpad(n::text, 27, '0'), 'mch_' || lpad((n + 1)::text, 27, '0'), $1, now()
     from generate_series(1, $2::int - 1) as n where n % 100 = 0`,
    [instance?.id, total],
  );
  await sql(databaseUrl, "analyze machine; analyze machine_scope");
  console.log(`seeded ${total} machines in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

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
    const idle = rssMiB(pid).rss;

    /** Streams with `consume` deciding per message whether to go on; samples server RSS meanwhile. */
    const measure = async (scenario: string, consume: (received: number) => Promise<boolean>): Promise<Row> => {
      let peak = rssMiB(pid).rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMiB(pid).rss);
      }, 100);
      const abort = new AbortController();
      let received = 0;
      let totalCount = 0n;
      const started = performance.now();
      try {
        for await (const message of machines.listMachines({}, { signal: abort.signal })) {
          received += message.machines.length;
          totalCount = message.totalCount;
          if (!(await consume(received))) abort.abort();
        }
      } catch (error) {
        if (!abort.signal.aborted) throw error;
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      return {
        server: label,
        scenario,
        total_count: Number(totalCount),
        streamed: received,
        seconds: seconds.toFixed(1),
        "machines/s": Math.round(received / seconds),
        "idle RSS (MiB)": idle.toFixed(0),
        "peak RSS (MiB)": peak.toFixed(0),
        "peak - idle (MiB)": (peak - idle).toFixed(0),
      };
    };

    const rows = [await measure("full stream, fast client", async () => true)];
    if (scenarios === "all") {
      rows.push(
        await measure("slow client, cancels at 20,000", async (received) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return received < 20_000;
        }),
      );
      rows.push(await measure("full stream again", async () => true));
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
    await seed();
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
