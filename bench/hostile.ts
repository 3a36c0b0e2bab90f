// Hostile clients against one latchkey server: a legitimate client makes
// unary calls (GetMachine of a missing machine: authentication, a database
// read, NotFound) throughout, first with no attack (the baseline), then during
// each attack, each attacker in a process of its own (test/hostile-clients.ts).
// Prints the legitimate client's p50/p99/max latency and errors, the server's
// peak RSS, and how long after the attack stopped the client's latency was
// back to normal (ten calls in a row under twice the baseline p99).
//
// Usage: npm run bench:hostile [-- --streams 20000 --slowloris 2000 --seconds 15]
//   --streams    unfinished HTTP/2 streams each flood tries to hold (default 20000)
//   --slowloris  HTTP/1.1 connections trickling headers (default 2000)
//   --seconds    how long each attack is measured once in place (default 15: longer than the
//                10 s header deadline, so slowloris connections are cut and come back)
// PostgreSQL: BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres); the bench
// makes and drops latchkey_bench_hostile. The server runs with the default limits.
import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "../test/harness.js";
import { printTable, type Row, rssMiB, sql, startLatchkey } from "./lib.js";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "20000" },
    slowloris: { type: "string", default: "2000" },
    seconds: { type: "string", default: "15" },
  },
});
const streams = Number(values.streams);
const slowlorisConnections = Number(values.slowloris);
const attackSeconds = Number(values.seconds);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = "latchkey_bench_hostile";
const MISSING_MACHINE = `mch_${"0".repeat(27)}`;

await sql(adminUrl, `drop database if exists ${databaseName} with (force)`);
await sql(adminUrl, `create database ${databaseName}`);
const instanceKey = newSecret("sk");
const server = await startLatchkey(adminUrl.replace(/\/[^/]*$/, `/${databaseName}`), instanceKey);
const pid = server.process.pid as number;
const client = createClient(
  MachineService,
  createGrpcTransport({ baseUrl: server.url, interceptors: [bearer(instanceKey)] }),
);

/** call makes one legitimate call and returns its latency in ms, or undefined if it failed other than NotFound. */
async function call(): Promise<number | undefined> {
  const started = performance.now();
  try {
    await client.getMachine({ id: MISSING_MACHINE }, { timeoutMs: 10_000 });
  } catch (error) {
    if (!String(error).includes("not_found")) return undefined;
  }
  return performance.now() - started;
}

type Measured = { latencies: number[]; errors: number; peakRss: number };

/** measure calls until `done` resolves, 20 ms apart, sampling the server's RSS. */
async function measure(done: Promise<unknown>): Promise<Measured> {
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  const result: Measured = { latencies: [], errors: 0, peakRss: rssMiB(pid).rss };
  while (!finished) {
    const latency = await call();
    if (latency === undefined) result.errors++;
    else result.latencies.push(latency);
    result.peakRss = Math.max(result.peakRss, rssMiB(pid).rss);
    await sleep(20);
  }
  return result;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** startAttacker runs test/hostile-clients.ts and resolves once it says its attack is in place. */
async function startAttacker(args: string[]): Promise<{ child: ChildProcess; lastLine: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/hostile-clients.ts", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  while (!output.includes("holding")) {
    if (child.exitCode !== null) throw new Error(`attacker exited: ${output}`);
    await sleep(50);
  }
  return { child, lastLine: () => output.trim().split("\n").at(-1) ?? "" };
}

/** recoverySeconds is how long after an attack ends until ten calls in a row take under `normalMs`. */
async function recoverySeconds(normalMs: number): Promise<number> {
  const started = performance.now();
  let inARow = 0;
  while (inARow < 10) {
    const latency = await call();
    inARow = latency !== undefined && latency < normalMs ? inARow + 1 : 0;
    if (performance.now() - started > 120_000) return Number.POSITIVE_INFINITY;
  }
  return (performance.now() - started) / 1000;
}

const rows: Row[] = [];
function row(scenario: string, attack: string, measured: Measured, recover: string): void {
  const sorted = [...measured.latencies].sort((a, b) => a - b);
  rows.push({
    scenario,
    attacker: attack,
    calls: sorted.length + measured.errors,
    "p50 ms": percentile(sorted, 0.5).toFixed(1),
    "p99 ms": percentile(sorted, 0.99).toFixed(1),
    "max ms": (sorted.at(-1) ?? Number.NaN).toFixed(1),
    errors: measured.errors,
    "peak RSS MiB (run so far)": measured.peakRss.toFixed(0),
    "recovered in s": recover,
  });
}

try {
  for (let i = 0; i < 50; i++) await call(); // warm-up
  const baseline = await measure(sleep(attackSeconds * 1000));
  row("no attack (baseline)", "-", baseline, "-");
  const normalMs =
    2 *
    percentile(
      [...baseline.latencies].sort((a, b) => a - b),
      0.99,
    );

  const attacks: [string, string[]][] = [
    [`flood: ${streams} streams, no key`, ["flood", String(server.port), String(streams)]],
    [`flood: ${streams} streams, valid key`, ["flood", String(server.port), String(streams), instanceKey]],
    [
      `slowloris: ${slowlorisConnections} connections`,
      ["slowloris", String(server.port), String(slowlorisConnections)],
    ],
  ];
  for (const [scenario, args] of attacks) {
    let attacker: Awaited<ReturnType<typeof startAttacker>> | undefined;
    const inPlace = startAttacker(args).then((started) => {
      attacker = started;
    });
    // Measured from the first attacking byte until `--seconds` after the attack is in place.
    const measured = await measure(inPlace.then(() => sleep(attackSeconds * 1000)));
    const said = attacker?.lastLine() ?? "";
    attacker?.child.kill("SIGKILL");
    const recovered = await recoverySeconds(normalMs);
    row(scenario, said, measured, recovered.toFixed(1));
  }
} finally {
  await server.stop();
  await sql(adminUrl, `drop database if exists ${databaseName} with (force)`);
}

console.log(
  `\nHostile clients against latchkey (PostgreSQL, default limits); a legitimate client's unary calls, ${attackSeconds} s per attack once in place\n`,
);
printTable(rows);
console.log(
  "\nattacker: what the attacker last reported (flood: streams still open / cut by the server; slowloris: connections the server closed)",
);
