// Verify throughput: opaque and JWT VerifyToken against a bare Connect
// handler's ceiling, all measured in one run with h2load on this machine.
// Usage: npm run bench:verify [-- --requests N]   (needs PostgreSQL and h2load)
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { TokenFormat } from "../gen/ts/latchkey/token/v1/token_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "../test/harness.js";
import { h2load, printTable, type Row, requireH2load, sql, startLatchkey, startProcess } from "./lib.js";

const { values } = parseArgs({ options: { requests: { type: "string", default: "20000" } } });
const requests = Number(values.requests);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = "latchkey_bench_verify";

requireH2load();

/** Transactions committed in the bench database so far: one per database round trip outside explicit transactions. */
async function commits(): Promise<number> {
  const rows = await sql<{ n: string }>(
    adminUrl,
    `select xact_commit as n from pg_stat_database where datname = '${databaseName}'`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * cpuMs is the CPU time (user + system) a process has used so far, in ms, from
 * /proc (clock ticks of 10 ms). Per call it is a steadier measure than req/s on
 * a shared machine: waiting for a core slows throughput but costs no CPU.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

await sql(adminUrl, `drop database if exists ${databaseName} with (force)`);
await sql(adminUrl, `create database ${databaseName}`);
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);

const instanceKey = newSecret("sk");
const latchkey = await startLatchkey(databaseUrl, instanceKey);
const bareKey = newSecret("sk");
const bare = await startProcess("bench/bare-server.ts", [], { BARE_KEY: bareKey }, "bare ready");

try {
  const transport = (key: string) => createGrpcTransport({ baseUrl: latchkey.url, interceptors: [bearer(key)] });
  const machines = createClient(MachineService, transport(instanceKey));
  const receiver = await machines.createMachine({ name: "receiver" });
  const caller = await machines.createMachine({ name: "caller", scopedMachineIds: [receiver.machine?.id as string] });
  const callerTokens = createClient(TokenService, transport(caller.secretKey));
  const opaque = await callerTokens.createToken({});
  const jwt = await callerTokens.createToken({ format: TokenFormat.JWT });

  const dir = mkdtempSync(join(tmpdir(), "latchkey-bench-"));
  const body = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const json = { "content-type": "application/json" };
  const scenarios = [
    {
      name: "bare Connect handler (bearer check only)",
      url: `${bare.url}/grpc.health.v1.Health/Check`,
      body: body("bare.json", {}),
      headers: { ...json, authorization: `Bearer ${bareKey}` },
      countsDb: false,
      pid: bare.process.pid as number,
    },
    {
      name: "VerifyToken, opaque",
      url: `${latchkey.url}/latchkey.token.v1.TokenService/VerifyToken`,
      body: body("opaque.json", { token: opaque.secret }),
      headers: { ...json, authorization: `Bearer ${receiver.secretKey}` },
      countsDb: true,
      pid: latchkey.process.pid as number,
    },
    {
      name: "VerifyToken, JWT",
      url: `${latchkey.url}/latchkey.token.v1.TokenService/VerifyToken`,
      body: body("jwt.json", { token: jwt.secret }),
      headers: { ...json, authorization: `Bearer ${receiver.secretKey}` },
      countsDb: true,
      pid: latchkey.process.pid as number,
    },
  ];

  const rows: Row[] = [];
  let ceiling = 0;
  let bareCpu = 0;
  for (const scenario of scenarios) {
    h2load(scenario.url, scenario.body, scenario.headers, Math.min(2000, requests)); // warm up
    const before = await commits();
    const cpuBefore = cpuMs(scenario.pid);
    const result = h2load(scenario.url, scenario.body, scenario.headers, requests);
    const cpuPerCall = (1000 * (cpuMs(scenario.pid) - cpuBefore)) / requests;
    const dbCalls = (await commits()) - before;
    if (ceiling === 0) ceiling = result.requestsPerSecond;
    if (bareCpu === 0) bareCpu = cpuPerCall;
    rows.push({
      scenario: scenario.name,
      "req/s": Math.round(result.requestsPerSecond),
      "of bare": `${Math.round((100 * result.requestsPerSecond) / ceiling)}%`,
      "server CPU µs/call": Math.round(cpuPerCall),
      "CPU × bare": (cpuPerCall / bareCpu).toFixed(2),
      "db transactions per call": scenario.countsDb ? (dbCalls / requests).toFixed(3) : "-",
      errors: result.failed + result.non2xx,
    });
  }
  console.log(
    `\n${requests} requests per scenario, h2load -c 4 -m 16, Connect JSON over HTTP/2, ${databaseName} on PostgreSQL\n`,
  );
  printTable(rows);
  console.log(
    "\n'db transactions per call' counts every committed transaction in the bench database during the run" +
      " (pg_stat_database.xact_commit), including the once-a-second last_used_time batch and the statistics queries." +
      " 'server CPU µs/call' is the serving process's user + system CPU time during the run (/proc), divided by the calls.",
  );
} finally {
  await bare.stop();
  await latchkey.stop();
}
