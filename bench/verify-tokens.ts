// Verify throughput: opaque and JWT VerifyToken against a bare Connect
// handler's ceiling, all measured in one run with h2load on this machine.
// Usage: npm run bench:verify [-- --requests N]   (needs PostgreSQL and h2load)
import { mkdtempSync, writeFileSync } from "node:fs";
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
    },
    {
      name: "VerifyToken, opaque",
      url: `${latchkey.url}/latchkey.token.v1.TokenService/VerifyToken`,
      body: body("opaque.json", { token: opaque.secret }),
      headers: { ...json, authorization: `Bearer ${receiver.secretKey}` },
      countsDb: true,
    },
    {
      name: "VerifyToken, JWT",
      url: `${latchkey.url}/latchkey.token.v1.TokenService/VerifyToken`,
      body: body("jwt.json", { token: jwt.secret }),
      headers: { ...json, authorization: `Bearer ${receiver.secretKey}` },
      countsDb: true,
    },
  ];

  const rows: Row[] = [];
  let ceiling = 0;
  for (const scenario of scenarios) {
    h2load(scenario.url, scenario.body, scenario.headers, Math.min(2000, requests)); // warm up
    const before = await commits();
    const result = h2load(scenario.url, scenario.body, scenario.headers, requests);
    const dbCalls = (await commits()) - before;
    if (ceiling === 0) ceiling = result.requestsPerSecond;
    rows.push({
      scenario: scenario.name,
      "req/s": Math.round(result.requestsPerSecond),
      "of bare": `${Math.round((100 * result.requestsPerSecond) / ceiling)}%`,
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
      " (pg_stat_database.xact_commit), including the once-a-second last_used_time batch and the statistics queries.",
  );
} finally {
  await bare.stop();
  await latchkey.stop();
}
