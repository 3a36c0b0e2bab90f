// The performance summary (issue 16): every hot call against a bare
// connect-node handler started beside latchkey in the same run, with the
// server's CPU per call, the database's own INSERT round trip beside the
// create calls, and the ListMachines stream rate with the server's peak RSS.
// Usage: npm run bench [-- --requests N --latency-requests N --warm-up N --machines N]
//        npm run bench -- --only GetMachine --server-node-options="--cpu-prof --cpu-prof-dir=/tmp/prof"
// (needs PostgreSQL, h2load and pgbench; DATABASE_URL names the server and,
// with `_bench` added, the database it creates)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { PermissionMode, SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenFormat } from "../gen/ts/latchkey/token/v1/token_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "../test/harness.js";
import {
  cpuMicros,
  h2load,
  percentilesMs,
  printTable,
  type Row,
  requireH2load,
  rssMiB,
  sql,
  startLatchkey,
  startProcess,
} from "./lib.js";
import { seedMachines, streamMachines } from "./list-stream.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "10000" },
    "latency-requests": { type: "string", default: "2000" },
    /**
     * Calls each scenario gets before it is measured (default 2,000, or --requests if fewer). A fresh server's first
     * ~12,000 calls cost it about half again as much CPU (JIT compilation, heap growth: bench/README.md),
     * so an `--only` run compares with a full run's row after about that many.
     */
    "warm-up": { type: "string" },
    machines: { type: "string", default: "100000" },
    /** Only the calls whose name contains this (the bare handler always runs: it is the ratios' base). */
    only: { type: "string", default: "" },
    /** NODE_OPTIONS for the latchkey process, e.g. `--cpu-prof` to see where a call's CPU goes. */
    "server-node-options": { type: "string", default: "" },
  },
});
const requests = Number(values.requests);
const latencyRequests = Number(values["latency-requests"]);
const warmUp = values["warm-up"] === undefined ? Math.min(2000, requests) : Number(values["warm-up"]);
const machineCount = Number(values.machines);
/** Seconds pgbench inserts for with CONNECTIONS clients. */
const INSERT_SECONDS = 5;
/** h2load's connections and streams per connection, as in the issue. */
const CONNECTIONS = 4;
const STREAMS = 16;
/** Depth of the scope CheckPermission is asked about. */
const DEPTH = 10;

requireH2load();
const given = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/latchkey");
const databaseName = `${given.pathname.slice(1) || "latchkey"}_bench`;
const adminUrl = Object.assign(new URL(given), { pathname: "/postgres" }).toString();
const databaseUrl = Object.assign(new URL(given), { pathname: `/${databaseName}` }).toString();
await sql(adminUrl, `drop database if exists ${databaseName} with (force)`);
await sql(adminUrl, `create database ${databaseName}`);

const instanceKey = newSecret("sk");
const latchkey = await startLatchkey(databaseUrl, instanceKey, values["server-node-options"]);
const bareKey = newSecret("sk");
const bare = await startProcess("bench/bare-server.ts", [], { BARE_KEY: bareKey }, "bare ready");
const latchkeyPid = latchkey.process.pid as number;
const dir = mkdtempSync(join(tmpdir(), "latchkey-bench-"));

/** A call h2load repeats: where, with which body and headers, and which process serves it. */
type Scenario = { name: string; url: string; body: unknown; key: string; pid: number };

/** seed makes what the scenarios call: two machines (one scoped to the other), two tokens, a depth-10 scope. */
async function seed() {
  const transport = (key: string) => createGrpcTransport({ baseUrl: latchkey.url, interceptors: [bearer(key)] });
  const machines = createClient(MachineService, transport(instanceKey));
  const receiver = await machines.createMachine({ name: "receiver" });
  const receiverId = receiver.machine?.id as string;
  const caller = await machines.createMachine({ name: "caller", scopedMachineIds: [receiverId] });
  const tokens = createClient(TokenService, transport(caller.secretKey));
  const opaque = await tokens.createToken({});
  const jwt = await tokens.createToken({ format: TokenFormat.JWT });

  const scopes = createClient(ScopeService, transport(instanceKey));
  await scopes.createScopeType({ id: "type_org", name: "Org", permissionMode: PermissionMode.DEFINE });
  await scopes.createScopeType({ id: "type_node", name: "Node" });
  await scopes.createRole({ id: "role_deployer", name: "deployer", permissions: ["deploy:*"] });
  await scopes.createSubject({ id: "subject_u0", kind: SubjectKind.USER, displayName: "user 0" });
  await scopes.createScope({
    id: "scope_d1",
    name: "depth 1",
    typeId: "type_org",
    memberships: [{ subjectId: "subject_u0", roleIds: ["role_deployer"] }],
  });
  for (let depth = 2; depth <= DEPTH; depth++) {
    await scopes.createScope({
      id: `scope_d${depth}`,
      name: `depth ${depth}`,
      typeId: "type_node",
      parentScopeId: `scope_d${depth - 1}`,
    });
  }
  const check = { subjectId: "subject_u0", scopeId: `scope_d${DEPTH}`, permission: "deploy:write" };
  if (!(await scopes.checkPermission(check)).allowed) throw new Error("bench: the depth-10 check is not allowed");
  return {
    callerId: caller.machine?.id as string,
    callerKey: caller.secretKey,
    receiverKey: receiver.secretKey,
    opaque,
    jwt,
    check,
  };
}

/**
 * commits counts the transactions committed in the bench database so far
 * (pg_stat_database): a statement outside a transaction is one, so the delta
 * over a run tells how often a call went to the database. A busy backend
 * publishes its counts about once a second, so measure waits that long after a run.
 */
async function commits(): Promise<number> {
  const rows = await sql<{ n: string }>(adminUrl, "select xact_commit as n from pg_stat_database where datname = $1", [
    databaseName,
  ]);
  return Number(rows[0]?.n ?? 0);
}

/** measure loads one scenario: a warm-up (--warm-up), the throughput run (CPU read around it), then one call in flight. */
async function measure(scenario: Scenario, ceiling: number): Promise<Row> {
  const body = join(dir, `${scenario.name.replace(/\W+/g, "-")}.json`);
  writeFileSync(body, JSON.stringify(scenario.body));
  const headers = { "content-type": "application/json", authorization: `Bearer ${scenario.key}` };
  if (warmUp > 0) h2load(scenario.url, body, headers, warmUp);
  const commitsBefore = await commits();
  const cpuBefore = cpuMicros(scenario.pid);
  const result = h2load(scenario.url, body, headers, requests, { connections: CONNECTIONS, streams: STREAMS });
  const cpu = cpuMicros(scenario.pid) - cpuBefore;
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // the server's backends publish their counts
  const dbCommits = (await commits()) - commitsBefore;
  const logFile = join(dir, "latency.log");
  const cpuSingleBefore = cpuMicros(scenario.pid);
  const single = h2load(scenario.url, body, headers, latencyRequests, { connections: 1, streams: 1, logFile });
  const cpuSingle = cpuMicros(scenario.pid) - cpuSingleBefore;
  const { p50, p99 } = percentilesMs(logFile);
  const rate = ceiling === 0 ? result.requestsPerSecond : ceiling;
  return {
    call: scenario.name,
    "req/s": Math.round(result.requestsPerSecond),
    "of bare": `${Math.round((100 * result.requestsPerSecond) / rate)} %`,
    "server CPU µs/call": Math.round(cpu / requests),
    "CPU µs/call (1)": Math.round(cpuSingle / latencyRequests),
    "p50 ms (1)": p50.toFixed(2),
    "p99 ms (1)": p99.toFixed(2),
    "db commits/call": scenario.pid === latchkeyPid ? (dbCommits / requests).toFixed(2) : "-",
    errors: result.failed + result.non2xx + single.failed + single.non2xx,
  };
}

/**
 * insertRow measures the database's own cost of a create: one INSERT of a
 * machine-shaped row (same columns and indexes) as its own transaction, sent
 * by pgbench (a native client) with CONNECTIONS connections, then one at a time.
 */
function insertRow(ceiling: number): Row {
  const script = join(dir, "insert.sql");
  writeFileSync(
    script,
    `insert into bench_insert (id, instance_id, name, default_token_ttl_seconds, create_time, update_time)
     values (gen_random_uuid()::text, 'ins_bench', 'bench', 3600, now(), now());\n`,
  );
  const pgbench = (args: string[]) =>
    execFileSync("pgbench", ["-n", "-M", "extended", "-f", script, ...args, databaseUrl], {
      encoding: "utf8",
      cwd: dir,
      stdio: ["ignore", "pipe", "ignore"],
    });
  const out = pgbench(["-c", String(CONNECTIONS), "-j", "2", "-T", String(INSERT_SECONDS)]);
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  pgbench(["-c", "1", "-t", String(latencyRequests), "-l", "--log-prefix=insert"]);
  const log = readdirSync(dir).find((name) => name.startsWith("insert."));
  const micros = readFileSync(join(dir, log as string), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => Number(line.split(" ")[2]))
    .sort((a, b) => a - b);
  const at = (q: number) => (micros[Math.floor(q * micros.length)] ?? Number.NaN) / 1000;
  return {
    call: "INSERT round trip (pgbench, for the creates)",
    "req/s": Math.round(tps),
    "of bare": `${Math.round((100 * tps) / ceiling)} %`,
    "server CPU µs/call": "-",
    "CPU µs/call (1)": "-",
    "p50 ms (1)": at(0.5).toFixed(2),
    "p99 ms (1)": at(0.99).toFixed(2),
    "db commits/call": "1.00",
    errors: 0,
  };
}

try {
  const seeded = await seed();
  await sql(databaseUrl, "create table bench_insert (like machine including defaults including indexes)");
  const rpc = (path: string) => `${latchkey.url}/latchkey.${path}`;
  const scenarios: Scenario[] = [
    {
      name: "bare connect-node handler (bearer check only)",
      url: `${bare.url}/grpc.health.v1.Health/Check`,
      body: {},
      key: bareKey,
      pid: bare.process.pid as number,
    },
    {
      name: "GetMachine",
      url: rpc("machine.v1.MachineService/GetMachine"),
      body: { id: seeded.callerId },
      key: instanceKey,
      pid: latchkeyPid,
    },
    {
      name: "VerifyToken, opaque",
      url: rpc("token.v1.TokenService/VerifyToken"),
      body: { token: seeded.opaque.secret },
      key: seeded.receiverKey,
      pid: latchkeyPid,
    },
    {
      name: "VerifyToken, JWT",
      url: rpc("token.v1.TokenService/VerifyToken"),
      body: { token: seeded.jwt.secret },
      key: seeded.receiverKey,
      pid: latchkeyPid,
    },
    {
      name: `CheckPermission, depth ${DEPTH}`,
      url: rpc("scope.v1.ScopeService/CheckPermission"),
      body: seeded.check,
      key: instanceKey,
      pid: latchkeyPid,
    },
    {
      name: "CreateMachine",
      url: rpc("machine.v1.MachineService/CreateMachine"),
      body: { name: "bench" },
      key: instanceKey,
      pid: latchkeyPid,
    },
    {
      name: "CreateToken, opaque",
      url: rpc("token.v1.TokenService/CreateToken"),
      body: {},
      key: seeded.callerKey,
      pid: latchkeyPid,
    },
  ];
  const rows: Row[] = [];
  let ceiling = 0;
  for (const scenario of scenarios) {
    if (ceiling !== 0 && !scenario.name.includes(values.only)) continue;
    const row = await measure(scenario, ceiling);
    if (ceiling === 0) ceiling = Number(row["req/s"]);
    rows.push(row);
  }
  if ("INSERT".includes(values.only)) rows.push(insertRow(ceiling));
  const listing = "ListMachines".includes(values.only);
  if (listing) await seedMachines(databaseUrl, machineCount);
  const stream = listing ? await streamMachines(latchkey.url, instanceKey, latchkeyPid) : undefined;
  const peak = rssMiB(latchkeyPid).peak;

  console.log(
    `\n${requests} requests per call, h2load -c ${CONNECTIONS} -m ${STREAMS}, Connect JSON over HTTP/2, ` +
      `p50/p99 over ${latencyRequests} requests with one in flight; ${databaseName} on PostgreSQL\n`,
  );
  printTable(rows);
  console.log(
    stream === undefined
      ? `\nserver RSS: ${peak.toFixed(0)} MiB at its peak over the whole run (VmHWM)`
      : `\nListMachines over gRPC: ${stream.streamed} machines in ${stream.seconds.toFixed(1)} s, ` +
          `${Math.round(stream.machinesPerSecond)} machines/s; server RSS ${stream.idleRssMiB.toFixed(0)} MiB before the stream, ` +
          `${stream.peakRssMiB.toFixed(0)} MiB at its peak during it, ${peak.toFixed(0)} MiB at its peak over the whole run (VmHWM)`,
  );
  console.log(
    "\nserver CPU µs/call: the serving process's user + system CPU (/proc/<pid>/stat) over the throughput run, divided by" +
      " its calls; CPU µs/call (1) the same over the run with one call in flight (no batching: each call its own reads," +
      " writes and event-loop turns). The INSERT row is PostgreSQL's alone: one machine-shaped row per transaction, no server in between.",
  );
} finally {
  await bare.stop();
  await latchkey.stop();
}
