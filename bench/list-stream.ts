// What bench:list and bench (the summary) share: seeding many machines with
// SQL, and streaming them all over gRPC while sampling the server's memory.
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { bearer } from "../test/harness.js";
import { cpuMicros, type Row, rssMiB, sql } from "./lib.js";

/**
 * seedMachines fills the first instance of the database with `total` machines,
 * 1 % of them with a scope, in two statements.
 */
export async function seedMachines(databaseUrl: string, total: number): Promise<void> {
  const [instance] = await sql<{ id: string }>(databaseUrl, "select id from instance order by id limit 1");
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

/** StreamResult is one ListMachines stream as measured by streamMachines. */
export type StreamResult = {
  totalCount: number;
  streamed: number;
  seconds: number;
  machinesPerSecond: number;
  idleRssMiB: number;
  peakRssMiB: number;
  /** The server's user + system CPU over the stream, µs per machine streamed. */
  serverCpuMicrosPerMachine: number;
  /** This (client) process's CPU over the stream, µs per machine received. */
  clientCpuMicrosPerMachine: number;
};

/**
 * streamMachines streams ListMachines from the server at `url` (process `pid`)
 * over gRPC, `consume` deciding per message whether to go on, while sampling
 * the server's RSS every 100 ms. `idleRssMiB` is read just before it starts.
 */
export async function streamMachines(
  url: string,
  instanceKey: string,
  pid: number,
  consume: (received: number) => Promise<boolean> = async () => true,
): Promise<StreamResult> {
  const machines = createClient(
    MachineService,
    createGrpcTransport({ baseUrl: url, interceptors: [bearer(instanceKey)] }),
  );
  const idle = rssMiB(pid).rss;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid).rss);
  }, 100);
  const abort = new AbortController();
  let received = 0;
  let totalCount = 0n;
  const started = performance.now();
  const serverCpuBefore = cpuMicros(pid);
  const clientCpuBefore = process.cpuUsage();
  try {
    for await (const message of machines.listMachines({}, { signal: abort.signal })) {
      received += message.machines.length;
      totalCount = message.totalCount;
      if (!(await consume(received))) abort.abort();
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = cpuMicros(pid) - serverCpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  peak = Math.max(peak, rssMiB(pid).rss);
  return {
    totalCount: Number(totalCount),
    streamed: received,
    seconds,
    machinesPerSecond: received / seconds,
    idleRssMiB: idle,
    peakRssMiB: peak,
    serverCpuMicrosPerMachine: serverCpu / Math.max(received, 1),
    clientCpuMicrosPerMachine: (clientCpu.user + clientCpu.system) / Math.max(received, 1),
  };
}

/** streamRow is a StreamResult as a row of bench:list's table. */
export function streamRow(server: string, scenario: string, result: StreamResult): Row {
  return {
    server,
    scenario,
    total_count: result.totalCount,
    streamed: result.streamed,
    seconds: result.seconds.toFixed(1),
    "machines/s": Math.round(result.machinesPerSecond),
    "idle RSS (MiB)": result.idleRssMiB.toFixed(0),
    "peak RSS (MiB)": result.peakRssMiB.toFixed(0),
    "peak - idle (MiB)": (result.peakRssMiB - result.idleRssMiB).toFixed(0),
    "server CPU µs/machine": result.serverCpuMicrosPerMachine.toFixed(1),
    "client CPU µs/machine": result.clientCpuMicrosPerMachine.toFixed(1),
  };
}
