// Soak: one latchkey server under a steady mix of traffic from several client
// processes (bench/soak-load.ts) for a long time, to show that no call fails
// and that the server's memory stays flat. Prints calls/s overall and per
// kind, errors, p50/p99 per kind, the server's RSS at start, end and peak, and
// a verdict; exits 1 when there was an error or the RSS grew. Beside the load
// it measures where a call's time goes (bench/soak-probes.ts): the server's
// CPU per call, a health check's latency (the server's event-loop delay), what
// PostgreSQL's backends were doing (pg_stat_activity every 200 ms), and the
// load clients' own CPU and event-loop delay.
//
// Usage: npm run bench:soak [-- --duration 600 --warmup 60 --clients 4 --concurrency 4 --pglite]
//   --duration   measured seconds (default 600, or SOAK_DURATION)
//   --warmup     seconds of traffic before the start RSS is taken (default min(60, duration / 5))
//   --clients    load client processes (default 4, or SOAK_CLIENTS)
//   --concurrency  calls in flight per client (default 4)
//   --pglite     embedded PGlite in a temporary directory instead of PostgreSQL
//   --protocols  RPC protocols, one picked at random per call: "gRPC,Connect" (default), "gRPC" or "Connect";
//                OAuth is always plain HTTP/1.1
//   --pool-max   the server's PostgreSQL pool size (LATCHKEY_DB_POOL_MAX; default the server's, 10)
//   --server-node-options=...  NODE_OPTIONS of the server, e.g. "--max-old-space-size=64" to cap its heap,
//                "--heapsnapshot-signal=SIGUSR2" to take heap snapshots with kill -USR2 (default none)
// PostgreSQL: DATABASE_URL, default postgres://postgres@127.0.0.1:5432/latchkey_soak
// (created when missing, kept between runs; each run works in a new instance).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { PermissionMode, SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { type CreateScopeRequestSchema, ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { bearer } from "../test/harness.js";
import { buildServer, LATCHKEY_ENTRY, SERVER_NODE_FLAGS } from "../test/process.js";
import { type BenchServer, cpuMicros, printTable, type Row, rssMiB, sql, startProcess } from "./lib.js";
import type { SoakLoadOptions, SoakLoadResult, SoakMachine, SoakSeed } from "./soak-load.js";
import {
  cpuSplitMicros,
  DatabaseSampler,
  type DatabaseSamples,
  HealthProbe,
  machineCpu,
  percentile,
  schedMicros,
} from "./soak-probes.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: process.env.SOAK_DURATION ?? "600" },
    warmup: { type: "string" },
    clients: { type: "string", default: process.env.SOAK_CLIENTS ?? "4" },
    concurrency: { type: "string", default: "4" },
    pglite: { type: "boolean", default: false },
    "pool-max": { type: "string" },
    protocols: { type: "string", default: "gRPC,Connect" },
    "server-node-options": { type: "string", default: "" },
  },
});
const duration = Number(values.duration);
const warmup = values.warmup === undefined ? Math.min(60, Math.ceil(duration / 5)) : Number(values.warmup);
const clientCount = Number(values.clients);
const concurrency = Number(values.concurrency);
/** The server's pool size: what a sample with that many busy backends means a full pool. */
const poolMax = Number(values["pool-max"] ?? 10);
/** Seconds the health probe measures the idle server before the load starts. */
const IDLE_PROBE_SECONDS = 5;
/** Seconds between RSS samples. */
const SAMPLE_SECONDS = Math.min(30, duration);
/**
 * The RSS is flat when the end sample is at most this much above the start
 * sample: 20 MiB or 10 % of the start, whichever is more. Under a steady load
 * a Node process's RSS moves by about that much between two samples without
 * keeping anything (V8's young generation is up to 16 MiB per semi-space and
 * old-space garbage is collected in steps), while a leak of even 100 bytes a
 * call shows above it after the hundreds of thousands of calls of a full run.
 */
const FLAT_MIB = 20;
const FLAT_FRACTION = 0.1;
/** The seeded data. */
const SERVICES = 8;
const INVENTORY = 250;
const USERS = 30;
const PERMISSIONS = ["deploy:prod", "logs:read", "billing:refund", "audit:read", "metrics:read"];

const children: ChildProcess[] = [];
let server: BenchServer | undefined;
let dataDir: string | undefined;

/** cleanup stops every process this script started and removes the PGlite directory. */
async function cleanup(): Promise<void> {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await server?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\nsoak: ${signal}, stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** databaseEnv prepares the database and returns the server's environment for it. */
async function databaseEnv(): Promise<{ env: Record<string, string>; label: string }> {
  const kek = randomBytes(32).toString("base64");
  if (values.pglite) {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-soak-"));
    return { env: { DATABASE_URL: "", LATCHKEY_DATA_DIR: dataDir, LATCHKEY_KEK: kek }, label: "PGlite (embedded)" };
  }
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/latchkey_soak";
  if (process.env.DATABASE_URL === undefined) {
    const adminUrl = url.replace(/\/[^/]*$/, "/postgres");
    const exists = await sql(adminUrl, "select 1 from pg_database where datname = 'latchkey_soak'");
    if (exists.length === 0) await sql(adminUrl, "create database latchkey_soak");
  }
  return { env: { DATABASE_URL: url, LATCHKEY_KEK: kek }, label: `PostgreSQL (${url.replace(/^.*\//, "")})` };
}

/** newInstance creates the run's own instance with the CLI (it also applies migrations) and returns its key. */
function newInstance(env: Record<string, string>): string {
  const out = execFileSync(
    process.execPath,
    [LATCHKEY_ENTRY, "instance", "create", "--name", `soak ${new Date().toISOString()}`],
    { env: { ...process.env, LATCHKEY_LOG_LEVEL: "warn", ...env }, encoding: "utf8" },
  );
  const secret = /^secret (\S+)$/m.exec(out)?.[1];
  if (secret === undefined) throw new Error(`latchkey instance create printed: ${out}`);
  return secret;
}

/**
 * seed makes, through the API: SERVICES machines where machine i may call
 * i+1 and i+2, INVENTORY more machines (so a full ListMachines is three
 * messages), two organisations (DEFINE) of four teams of four projects, three
 * roles, USERS users and the services as members, and the checks to ask.
 */
async function seed(url: string, instanceKey: string): Promise<SoakSeed> {
  const transport = createGrpcTransport({ baseUrl: url, interceptors: [bearer(instanceKey)] });
  const machines = createClient(MachineService, transport);
  const scopes = createClient(ScopeService, transport);

  const services: SoakMachine[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const reply = await machines.createMachine({ name: `service-${i}` });
    services.push({ id: reply.machine?.id ?? "", key: reply.secretKey });
  }
  for (const [i, from] of services.entries()) {
    for (const step of [1, 2]) {
      const to = services[(i + step) % SERVICES] as SoakMachine;
      await machines.createMachineScope({ machineId: from.id, toMachineId: to.id });
    }
  }
  const inventory: string[] = [];
  for (let i = 0; i < INVENTORY; i += 10) {
    const batch = Array.from({ length: Math.min(10, INVENTORY - i) }, (_, j) =>
      machines.createMachine({ name: `inventory-${i + j}` }),
    );
    for (const reply of await Promise.all(batch)) inventory.push(reply.machine?.id ?? "");
  }

  await scopes.createScopeType({ id: "type_org", name: "Organisation", permissionMode: PermissionMode.DEFINE });
  await scopes.createScopeType({ id: "type_team", name: "Team" });
  const roles: Record<string, string[]> = {
    role_admin: ["*"],
    role_deployer: ["deploy:*", "logs:read"],
    role_viewer: ["*:read"],
  };
  for (const [id, permissions] of Object.entries(roles)) await scopes.createRole({ id, name: id, permissions });
  const roleIds = Object.keys(roles);
  const users = Array.from({ length: USERS }, (_, i) => `subject_u${i}`);
  for (const id of users) await scopes.createSubject({ id, kind: SubjectKind.USER, displayName: id });

  const scopeIds: string[] = [];
  let member = 0;
  const nextMember = () => {
    const subjectId =
      member % 3 === 2 ? (services[member % SERVICES] as SoakMachine).id : (users[member % USERS] as string);
    const roleId = roleIds[member % roleIds.length] as string;
    member++;
    return { subjectId, roleIds: [roleId] };
  };
  for (let org = 0; org < 2; org++) {
    const batch: MessageInitShape<typeof CreateScopeRequestSchema>[] = [
      { id: `scope_org${org}`, name: `Org ${org}`, typeId: "type_org", memberships: [nextMember()] },
    ];
    for (let team = 0; team < 4; team++) {
      const teamId = `scope_org${org}_t${team}`;
      const parentScopeId = `scope_org${org}`;
      batch.push({ id: teamId, name: `Team ${team}`, typeId: "type_team", parentScopeId, memberships: [nextMember()] });
      for (let project = 0; project < 4; project++) {
        const id = `${teamId}_p${project}`;
        batch.push({
          id,
          name: `Project ${project}`,
          typeId: "type_team",
          parentScopeId: teamId,
          memberships: [nextMember()],
        });
      }
    }
    await scopes.batchCreateScopes({ scopes: batch });
    scopeIds.push(...batch.map((scope) => scope.id as string));
  }

  const subjects = [...users, ...services.map((service) => service.id)];
  const checks = Array.from({ length: 500 }, (_, i) => ({
    subjectId: subjects[(i * 7) % subjects.length] as string,
    scopeId: scopeIds[(i * 13) % scopeIds.length] as string,
    permission: PERMISSIONS[i % PERMISSIONS.length] as string,
  }));
  return { url, instanceKey, services, inventory, checks, scopeIds, roleIds };
}

/** What the run's probes measured, for printWhereTimeWent. */
type TimeFigures = {
  seconds: number;
  calls: number;
  meanLatencyMs: number;
  serverCpuSeconds: number;
  /** Seconds the server's event loop (main thread) ran on a core. */
  serverLoopRunningSeconds: number;
  /** Seconds the server's event loop, and the clients' (summed), were runnable but waited for a core. */
  serverRunQueueSeconds: number;
  clientRunQueueSeconds: number;
  /** The share of the server's CPU spent in the kernel (system time): socket writes and reads. */
  serverSystemShare: number;
  clientResults: SoakLoadResult[];
  driverCpuSeconds: number;
  machineBusyShare: number;
  idleHealth: number[];
  busyHealth: number[];
  database: DatabaseSamples | undefined;
};

/**
 * printWhereTimeWent prints where the calls' time went: each process's CPU
 * (as a share of one core and per call), the whole machine's busy share, the
 * server's event-loop delay (a health check's latency, idle and under load),
 * the clients' own event-loop delay, and what PostgreSQL's backends were doing.
 */
function printWhereTimeWent(f: TimeFigures): void {
  const share = (seconds: number) => `${((100 * seconds) / f.seconds).toFixed(0)} %`;
  const perCall = (seconds: number) => `${Math.round((seconds * 1e6) / Math.max(1, f.calls))} µs/call`;
  const clientCpu = f.clientResults.reduce((sum, r) => sum + r.cpuMicros, 0) / 1e6;
  const delays = f.clientResults.map((r) => r.eventLoopDelayMs);
  const worst = (pick: (d: SoakLoadResult["eventLoopDelayMs"]) => number) => Math.max(...delays.map(pick)).toFixed(1);
  const ms = (values: number[]) => `${percentile(values, 0.5).toFixed(1)} / ${percentile(values, 0.99).toFixed(1)} ms`;
  const loopIdle = Math.max(0, f.seconds - f.serverLoopRunningSeconds - f.serverRunQueueSeconds);
  const inFlight = clientCount * concurrency;
  console.log(
    "\nwhere the time went (shares are of the measured wall time; per call is per measured call of the mix):",
  );
  console.log(
    `  ${inFlight} calls in flight at ${(f.calls / f.seconds).toFixed(0)} calls/s: mean latency ${f.meanLatencyMs.toFixed(1)} ms ` +
      `(Little's law: ${((1000 * inFlight) / (f.calls / f.seconds)).toFixed(1)} ms); one call every ${((1000 * f.seconds) / f.calls).toFixed(2)} ms`,
  );
  console.log(
    `  server CPU:             ${share(f.serverCpuSeconds)} of a core, ${perCall(f.serverCpuSeconds)} (all threads; ${(100 * f.serverSystemShare).toFixed(0)} % of it in the kernel)`,
  );
  console.log(
    `  server event loop:      running ${share(f.serverLoopRunningSeconds)} (${perCall(f.serverLoopRunningSeconds)}), ` +
      `runnable but waiting for a core ${share(f.serverRunQueueSeconds)} (${perCall(f.serverRunQueueSeconds)}), idle ${share(loopIdle)} (/proc/<pid>/schedstat)`,
  );
  console.log(
    `  server responsiveness:  health check p50 / p99 ${ms(f.idleHealth)} idle before the load, ${ms(f.busyHealth)} under it (${f.busyHealth.length} probes)`,
  );
  console.log(
    `  load clients (${clientCount}):      CPU ${share(clientCpu)} of a core, ${perCall(clientCpu)}; waiting for a core ${share(f.clientRunQueueSeconds)} summed; ` +
      `event-loop delay p50 ${worst((d) => d.p50)} ms, p99 ${worst((d) => d.p99)} ms, max ${worst((d) => d.max)} ms (worst client)`,
  );
  console.log(`  this driver:            CPU ${share(f.driverCpuSeconds)} of a core (probes and sampling)`);
  if (f.database !== undefined) {
    const db = f.database;
    console.log(
      `  PostgreSQL backends:    CPU ${share(db.backendCpuMicros / 1e6)} of a core, ${perCall(db.backendCpuMicros / 1e6)}; ` +
        `waiting for a core ${share(db.backendRunQueueMicros / 1e6)} summed`,
    );
  }
  console.log(
    `  whole machine:          ${(100 * f.machineBusyShare).toFixed(0)} % of its ${availableParallelism()} cores busy (every process, other jobs too; /proc/stat)`,
  );
  if (f.database !== undefined) {
    const db = f.database;
    const busySamples = [...db.states.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `  PostgreSQL, ${db.samples} samples of pg_stat_activity: ${db.meanBusy.toFixed(2)} of the server's connections busy on average ` +
        `(pool max ${poolMax}); pool full in ${(100 * db.poolFullShare).toFixed(1)} % of samples; ` +
        `blocked by another's lock in ${db.blocked} of ${busySamples} busy backend-samples; what the busy ones did:`,
    );
    for (const [what, n] of [...db.states].sort(([, a], [, b]) => b - a)) {
      console.log(`    ${((100 * n) / Math.max(1, busySamples)).toFixed(1).padStart(5)} %  ${what}`);
    }
  }
}

/** A running load client: its process, the calls it has reported, and its result once done. */
type LoadClient = { process: ChildProcess; calls: number; errors: number; result: Promise<SoakLoadResult> };

/** startClient spawns one load client and resolves when it is ready to send. */
async function startClient(options: SoakLoadOptions): Promise<LoadClient> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/soak-load.ts", JSON.stringify(options)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const client: LoadClient = {
    process: child,
    calls: 0,
    errors: 0,
    result: new Promise<SoakLoadResult>((resolve, reject) => {
      lines.on("line", (line) => {
        const message = JSON.parse(line) as { type: string; calls: number; errors: number };
        if (message.type === "ready") markReady();
        if (message.type === "progress") Object.assign(client, { calls: message.calls, errors: message.errors });
        if (message.type === "result") resolve(message as unknown as SoakLoadResult);
      });
      child.once("exit", (code) => reject(new Error(`load client ${options.client} exited with ${code}`)));
    }),
  };
  await Promise.race([ready, client.result]);
  return client;
}

try {
  const database = await databaseEnv();
  buildServer();
  const instanceKey = newInstance(database.env);
  server = await startProcess(
    LATCHKEY_ENTRY,
    ["serve"],
    {
      ...database.env,
      LATCHKEY_LOG_LEVEL: "info",
      LATCHKEY_DB_POOL_MAX: String(poolMax),
      // As `npm start` runs it.
      NODE_OPTIONS: [...SERVER_NODE_FLAGS, values["server-node-options"]].join(" "),
    },
    "latchkey listening",
  );
  const pid = server.process.pid as number;
  console.log(`soak: server pid ${pid} at ${server.url} on ${database.label}; seeding`);
  const seeded = await seed(server.url, instanceKey);
  const health = new HealthProbe(server.url);
  health.start();
  await sleep(IDLE_PROBE_SECONDS * 1000);
  const idleHealth = await health.stop();

  const clients = await Promise.all(
    Array.from({ length: clientCount }, (_, client) =>
      startClient({
        ...seeded,
        client,
        clients: clientCount,
        concurrency,
        tokenTtlSeconds: warmup + duration + 600,
        protocols: values.protocols.split(","),
      }),
    ),
  );
  console.log(`soak: ${clientCount} clients × ${concurrency} calls in flight; warming up for ${warmup} s`);
  const send = (command: string) => {
    for (const client of clients) client.process.stdin?.write(`${command}\n`);
  };
  send("start");
  await sleep(warmup * 1000);

  send("measure");
  const sampler = "DATABASE_URL" in database.env && database.env.DATABASE_URL !== "" ? database.env.DATABASE_URL : "";
  const databaseSampler =
    sampler === "" ? undefined : new DatabaseSampler(sampler, new URL(sampler).pathname.slice(1), poolMax);
  await databaseSampler?.start();
  health.start();
  const started = performance.now();
  const cpuStart = cpuMicros(pid);
  const splitStart = cpuSplitMicros(pid);
  const schedStart = schedMicros(pid);
  const clientWaitStart = clients.map((client) => schedMicros(client.process.pid as number).waiting);
  const driverCpuStart = process.cpuUsage();
  const machineStart = machineCpu();
  const load = [loadavg()[0] ?? 0];
  const samples = [{ seconds: 0, rss: rssMiB(pid).rss, calls: 0 }];
  console.log(`soak: measuring for ${duration} s; RSS after warm-up ${samples[0]?.rss.toFixed(0)} MiB`);
  while ((performance.now() - started) / 1000 < duration - 0.5) {
    const left = duration - (performance.now() - started) / 1000;
    await sleep(Math.min(SAMPLE_SECONDS, left) * 1000);
    const calls = clients.reduce((sum, client) => sum + client.calls, 0);
    const errors = clients.reduce((sum, client) => sum + client.errors, 0);
    const sample = { seconds: (performance.now() - started) / 1000, rss: rssMiB(pid).rss, calls };
    samples.push(sample);
    console.log(
      `soak: ${sample.seconds.toFixed(0).padStart(4)} s  RSS ${sample.rss.toFixed(0)} MiB  ${calls} calls (as of the last 10 s report)  ${errors} errors`,
    );
  }
  const cpuUsed = (cpuMicros(pid) - cpuStart) / 1e6;
  const splitEnd = cpuSplitMicros(pid);
  const schedEnd = schedMicros(pid);
  const clientWait =
    clients.reduce(
      (sum, client, i) => sum + schedMicros(client.process.pid as number).waiting - (clientWaitStart[i] ?? 0),
      0,
    ) / 1e6;
  const machineEnd = machineCpu();
  const driverCpu = process.cpuUsage(driverCpuStart);
  load.push(loadavg()[0] ?? 0);
  const busyHealth = await health.stop();
  const database_ = await databaseSampler?.stop();
  send("stop");
  const results = await Promise.all(clients.map((client) => client.result));
  const seconds = (performance.now() - started) / 1000;

  const kinds = new Map<string, { calls: Record<string, number>; errors: number; latencies: number[] }>();
  for (const result of results) {
    for (const [kind, stats] of Object.entries(result.kinds)) {
      const total = kinds.get(kind) ?? { calls: {}, errors: 0, latencies: [] };
      for (const [protocol, n] of Object.entries(stats.calls)) total.calls[protocol] = (total.calls[protocol] ?? 0) + n;
      total.errors += stats.errors;
      total.latencies.push(...stats.latencies);
      kinds.set(kind, total);
    }
  }
  const count = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);
  const row = (kind: string, calls: Record<string, number>, errors: number, latencies: number[]): Row => {
    latencies.sort((a, b) => a - b);
    return {
      kind,
      calls: count(calls),
      "calls/s": (count(calls) / seconds).toFixed(1),
      gRPC: calls.gRPC ?? 0,
      Connect: calls.Connect ?? 0,
      "HTTP/1.1": calls["HTTP/1.1"] ?? 0,
      errors,
      "p50 ms": percentile(latencies, 0.5).toFixed(1),
      "p99 ms": percentile(latencies, 0.99).toFixed(1),
    };
  };
  const all = { calls: {} as Record<string, number>, errors: 0, latencies: [] as number[] };
  const rows: Row[] = [];
  for (const [kind, stats] of [...kinds].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [protocol, n] of Object.entries(stats.calls)) all.calls[protocol] = (all.calls[protocol] ?? 0) + n;
    all.errors += stats.errors;
    all.latencies.push(...stats.latencies);
    rows.push(row(kind, stats.calls, stats.errors, stats.latencies));
  }
  rows.push(row("all", all.calls, all.errors, all.latencies));

  const end = samples.at(-1)?.rss ?? 0;
  const start = samples[0]?.rss ?? 0;
  const max = Math.max(...samples.map((sample) => sample.rss));
  const allowed = Math.max(FLAT_MIB, FLAT_FRACTION * start);
  const flat = end - start <= allowed;

  console.log(
    `\nSoak, ${new Date().toISOString().slice(0, 10)}: ${duration} s measured after ${warmup} s of warm-up, ` +
      `${clientCount} client processes × ${concurrency} calls in flight, latchkey on ${database.label}` +
      `${values["server-node-options"] ? ` with NODE_OPTIONS=${values["server-node-options"]}` : ""}, ` +
      `${values.protocols} and OAuth (HTTP/1.1) picked at random per call (gRPC: HTTP/2, binary; Connect: HTTP/1.1, JSON)\n`,
  );
  printTable(rows);
  console.log(`\nserver RSS (MiB) every ${SAMPLE_SECONDS} s: ${samples.map((s) => s.rss.toFixed(0)).join(" ")}`);
  console.log(
    `server RSS: start ${start.toFixed(0)} MiB, end ${end.toFixed(0)} MiB, max ${max.toFixed(0)} MiB; ` +
      `end - start ${(end - start).toFixed(1)} MiB (${(((end - start) * 1024 * 1024) / Math.max(1, count(all.calls))).toFixed(0)} bytes a call), allowed ${allowed.toFixed(0)} MiB`,
  );
  console.log(
    `server CPU: ${((100 * cpuUsed) / seconds).toFixed(0)} % of one core; load average ${load.map((l) => l.toFixed(1)).join(" → ")} (2 cores: clients, server and PostgreSQL share them)`,
  );
  printWhereTimeWent({
    seconds,
    calls: count(all.calls),
    meanLatencyMs: all.latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, all.latencies.length),
    serverCpuSeconds: cpuUsed,
    serverLoopRunningSeconds: (schedEnd.running - schedStart.running) / 1e6,
    serverRunQueueSeconds: (schedEnd.waiting - schedStart.waiting) / 1e6,
    clientRunQueueSeconds: clientWait,
    serverSystemShare: (splitEnd.system - splitStart.system) / Math.max(1, cpuUsed * 1e6),
    clientResults: results,
    driverCpuSeconds: (driverCpu.user + driverCpu.system) / 1e6,
    machineBusyShare: (machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total),
    idleHealth,
    busyHealth,
    database: database_,
  });
  for (const sample of results.flatMap((result) => result.errorSamples).slice(0, 10)) console.log(`error: ${sample}`);
  console.log(
    `\nverdict: ${all.errors === 0 ? "no errors" : `${all.errors} ERRORS`}, RSS ${flat ? "flat" : "NOT FLAT"} → ${all.errors === 0 && flat ? "pass" : "FAIL"}`,
  );
  process.exitCode = all.errors === 0 && flat ? 0 : 1;
} finally {
  await cleanup();
}
