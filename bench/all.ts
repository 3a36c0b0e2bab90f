// The performance summary (issue 16): every hot call against a bare
// connect-node handler started beside latchkey in the same run, with the
// server's CPU per call, the database's own INSERT round trip beside the
// create calls, and the ListMachines stream rate with the server's peak RSS.
// Usage: npm run bench [-- --requests N --warmup N --rounds N --latency-requests N --machines N]
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
  freshBenchDatabase,
  h2load,
  median,
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
    /** Requests each call gets before it is measured, so both servers are measured warm (see measure). */
    warmup: { type: "string", default: "10000" },
    /** Paired throughput runs (bare, then the call) per call; the table shows their medians. */
    rounds: { type: "string", default: "3" },
    "latency-requests": { type: "string", default: "2000" },
    machines: { type: "string", default: "100000" },
    /** Only the calls whose name contains this (the bare handler always runs: it is the ratios' base). */
    only: { type: "string", default: "" },
    /** NODE_OPTIONS for the latchkey process, e.g. `--cpu-prof` to see where a call's CPU goes. */
    "server-node-options": { type: "string", default: "" },
  },
});
const requests = Number(values.requests);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const latencyRequests = Number(values["latency-requests"]);
const machineCount = Number(values.machines);
/** Seconds pgbench inserts for with CONNECTIONS clients. */
const INSERT_SECONDS = 5;
/** h2load's connections and streams per connection, as in the issue. */
const CONNECTIONS = 4;
const STREAMS = 16;
/** Depth of the scope CheckPermission is asked about. */
const DEPTH = 10;

requireH2load();
const { name: databaseName, url: databaseUrl, adminUrl } = await freshBenchDatabase("_bench");

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

/** Throughput is one throughput run's rate and its server's CPU µs per call. */
type Throughput = { requestsPerSecond: number; cpuPerCall: number; failed: number };

/** throughput runs `requests` calls of a scenario (h2load -c CONNECTIONS -m STREAMS), reading its server's CPU around them. */
function throughput(scenario: Scenario, body: string, headers: Record<string, string>): Throughput {
  const cpuBefore = cpuMicros(scenario.pid);
  const result = h2load(scenario.url, body, headers, requests, { connections: CONNECTIONS, streams: STREAMS });
  const cpuPerCall = (cpuMicros(scenario.pid) - cpuBefore) / requests;
  return { requestsPerSecond: result.requestsPerSecond, cpuPerCall, failed: result.failed + result.non2xx };
}

/** typical is the median rate and CPU per call of several throughput runs, and their failures in all. */
function typical(runs: Throughput[]): Throughput {
  return {
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    cpuPerCall: median(runs.map((run) => run.cpuPerCall)),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  };
}

/** requestOf writes a scenario's body where h2load reads it and gives its headers. */
function requestOf(scenario: Scenario): { body: string; headers: Record<string, string> } {
  const body = join(dir, `${scenario.name.replace(/\W+/g, "-")}.json`);
  writeFileSync(body, JSON.stringify(scenario.body));
  return { body, headers: { "content-type": "application/json", authorization: `Bearer ${scenario.key}` } };
}

/**
 * measure loads one scenario: a warm-up, `rounds` pairs of throughput runs
 * (the bare handler's, `bare`, then the scenario's own right after it, CPU
 * read around each; no bare run when the scenario is the bare handler), then
 * one call in flight. The row has the medians of the pairs' runs.
 *
 * Warm-ups and pairing, because the ratios depend on them more than on most
 * optimisations (bench/README.md, session 7): a Node server's CPU per call
 * falls by half or more over its first tens of thousands of calls as the JIT
 * compiles its paths, and the bare handler's small path gets there sooner.
 * Each call is therefore measured after `--warmup` calls of its own, and
 * against a bare run made just before it on the same, equally warm, cores.
 * Several pairs, because one run's CPU per call still moves by a quarter
 * either way on this two-core machine (the bare handler's own: 117–229 µs
 * over five pairs in a row on an otherwise idle machine).
 */
async function measure(scenario: Scenario, bare: Scenario | undefined): Promise<Row> {
  const { body, headers } = requestOf(scenario);
  h2load(scenario.url, body, headers, warmup);
  const paired = bare === undefined ? undefined : { scenario: bare, ...requestOf(bare) };
  const bareRuns: Throughput[] = [];
  const runs: Throughput[] = [];
  const commitsBefore = await commits();
  for (let round = 0; round < rounds; round++) {
    if (paired !== undefined) bareRuns.push(throughput(paired.scenario, paired.body, paired.headers));
    runs.push(throughput(scenario, body, headers));
  }
  const base = paired === undefined ? undefined : typical(bareRuns);
  const result = typical(runs);
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // the server's backends publish their counts
  const dbCommits = (await commits()) - commitsBefore;
  const logFile = join(dir, "latency.log");
  const cpuSingleBefore = cpuMicros(scenario.pid);
  const single = h2load(scenario.url, body, headers, latencyRequests, { connections: 1, streams: 1, logFile });
  const cpuSingle = cpuMicros(scenario.pid) - cpuSingleBefore;
  const { p50, p99 } = percentilesMs(logFile);
  const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`;
  return {
    call: scenario.name,
    "req/s": Math.round(result.requestsPerSecond),
    "of bare": percent(result.requestsPerSecond, base?.requestsPerSecond ?? result.requestsPerSecond),
    "server CPU µs/call": Math.round(result.cpuPerCall),
    "CPU of bare": percent(base?.cpuPerCall ?? result.cpuPerCall, result.cpuPerCall),
    "CPU µs/call (1)": Math.round(cpuSingle / latencyRequests),
    "p50 ms (1)": p50.toFixed(2),
    "p99 ms (1)": p99.toFixed(2),
    "db commits/call": scenario.pid === latchkeyPid ? (dbCommits / (rounds * requests)).toFixed(2) : "-",
    errors: result.failed + single.failed + single.non2xx + (base?.failed ?? 0),
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
    "CPU of bare": "-",
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
  const [bareScenario, ...calls] = scenarios as [Scenario, ...Scenario[]];
  const bareRow = await measure(bareScenario, undefined);
  const rows: Row[] = [bareRow];
  for (const scenario of calls) {
    if (scenario.name.includes(values.only)) rows.push(await measure(scenario, bareScenario));
  }
  if ("INSERT".includes(values.only)) rows.push(insertRow(Number(bareRow["req/s"])));
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
    `\nEach call had ${warmup} calls of warm-up, then ${rounds} pairs of runs of ${requests} calls (the bare handler's,` +
      " then the call's); its columns are the medians of its runs, \"of bare\" its req/s over the bare runs' median," +
      " \"CPU of bare\" the bare runs' median server CPU µs/call over its own (the bare row: the bare handler's first runs)." +
      "\nserver CPU µs/call: the serving process's user + system CPU (/proc/<pid>/stat) over the throughput run, divided by" +
      " its calls; CPU µs/call (1) the same over the run with one call in flight (no batching: each call its own reads," +
      " writes and event-loop turns). The INSERT row is PostgreSQL's alone: one machine-shaped row per transaction, no server in between.",
  );
} finally {
  await bare.stop();
  await latchkey.stop();
}
