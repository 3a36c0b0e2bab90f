import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { buildServer, freePort, LATCHKEY_ENTRY, SERVER_NODE_FLAGS } from "../test/process.js";

/** A server process started by a benchmark. */
export type BenchServer = { process: ChildProcess; url: string; port: number; stop(): Promise<void> };

/**
 * startProcess runs `node <script> ...args` (through tsx when `script` is
 * TypeScript) with `env` added and waits until it prints `ready` on stdout.
 * What it prints on stderr is shown unless `stderr` is "ignore".
 */
export async function startProcess(
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: string,
  stderr: "inherit" | "ignore" = "inherit",
): Promise<BenchServer> {
  const port = await freePort();
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...loader, script, ...args], {
    env: { ...process.env, LATCHKEY_LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", stderr],
  });
  let output = "";
  let onData = (_chunk: Buffer) => {};
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not start: ${output}`)), 60_000);
      onData = (chunk) => {
        output += chunk.toString();
        if (output.includes(ready)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
    });
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  } finally {
    // Keep reading (a full pipe would stall the server) but stop keeping what it prints.
    child.stdout?.off("data", onData);
  }
  child.stdout?.resume();
  return {
    process: child,
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * startLatchkey starts `latchkey serve` (compiled, as `npm start` runs it) on
 * PostgreSQL with a known bootstrap key and SERVER_NODE_FLAGS; `nodeOptions`
 * (added to NODE_OPTIONS) can cap its heap.
 */
export function startLatchkey(databaseUrl: string, bootstrapKey: string, nodeOptions = "") {
  buildServer();
  return startProcess(
    LATCHKEY_ENTRY,
    ["serve"],
    {
      DATABASE_URL: databaseUrl,
      LATCHKEY_KEK: randomBytes(32).toString("base64"),
      LATCHKEY_BOOTSTRAP_KEY: bootstrapKey,
      LATCHKEY_LOG_LEVEL: "info",
      NODE_OPTIONS: [...SERVER_NODE_FLAGS, nodeOptions].join(" "),
    },
    "latchkey listening",
  );
}

/** rssMiB reads a process's resident set size (VmRSS) and peak (VmHWM) from /proc, in MiB. */
export function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const read = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: read("VmRSS"), peak: read("VmHWM") };
}

/** A row of a printed benchmark table. */
export type Row = Record<string, string | number>;

/** printTable prints rows as an aligned plain-text table. */
export function printTable(rows: Row[]): void {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  console.log(line(columns));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}

/** H2loadResult is what h2load reports for one run. */
export type H2loadResult = { requestsPerSecond: number; succeeded: number; failed: number; non2xx: number };

/** How h2load loads: connections (`-c`, default 4), streams in flight on each (`-m`, default 16), a per-request log. */
export type H2loadOptions = { connections?: number; streams?: number; logFile?: string };

/**
 * h2load runs Debian's native HTTP/2 load generator (package nghttp2-client)
 * in its own process, so the client takes little CPU from the server.
 */
export function h2load(
  url: string,
  bodyFile: string,
  headers: Record<string, string>,
  requests: number,
  options: H2loadOptions = {},
): H2loadResult {
  const { connections = 4, streams = 16, logFile } = options;
  const args = ["-n", String(requests), "-c", String(connections), "-m", String(streams), "-d", bodyFile];
  if (logFile !== undefined) args.push(`--log-file=${logFile}`);
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  const out = execFileSync("h2load", [...args, url], { encoding: "utf8" });
  const rps = Number(/finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(out)?.[1] ?? Number.NaN);
  const requestsLine = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed/.exec(out);
  const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(out);
  return {
    requestsPerSecond: rps,
    succeeded: Number(requestsLine?.[1] ?? 0),
    failed: Number(requestsLine?.[2] ?? 0),
    non2xx: Number(codes?.[3] ?? 0) + Number(codes?.[4] ?? 0),
  };
}

/**
 * percentilesMs reads the per-request durations (µs, third column) of an
 * h2load `--log-file` and returns their median and 99th percentile in ms.
 */
export function percentilesMs(logFile: string): { p50: number; p99: number } {
  const micros = readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => Number(line.split("\t")[2]))
    .sort((a, b) => a - b);
  const at = (q: number) => (micros[Math.min(micros.length - 1, Math.floor(q * micros.length))] ?? Number.NaN) / 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

/** CLOCK_TICKS_PER_SECOND is the unit of /proc/<pid>/stat's CPU times (`getconf CLK_TCK`, 100 on Linux). */
export const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/**
 * cpuMicros reads the user plus system CPU time a process has used so far,
 * in µs, from /proc/<pid>/stat (what `process.cpuUsage()` would report inside
 * it), so a bench can charge a server its CPU without any hook in the server.
 * The resolution is one clock tick (10 ms): read it over runs of seconds.
 */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime (14) and stime (15)
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/** requireH2load explains how to install h2load when it is missing. */
export function requireH2load(): void {
  try {
    execFileSync("h2load", ["--version"], { stdio: "ignore" });
  } catch {
    console.error("bench: h2load is missing; install it with: sudo apt-get install nghttp2-client");
    process.exit(2);
  }
}

/** sql runs one statement on a connection of its own (for setting up a bench database) and returns its rows. */
export async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** BenchDatabase is a bench's own database, and the server's `postgres` database it is made and dropped from. */
export type BenchDatabase = { name: string; url: string; adminUrl: string };

/**
 * freshBenchDatabase drops and creates a bench's database on the PostgreSQL
 * server of DATABASE_URL (127.0.0.1:5432 without it), named after that URL's
 * database (`latchkey` without one) plus `suffix`: benches run at once
 * against one server with different DATABASE_URLs do not drop each other's.
 */
export async function freshBenchDatabase(suffix: string): Promise<BenchDatabase> {
  const given = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/latchkey");
  const name = `${given.pathname.slice(1) || "latchkey"}${suffix}`;
  const adminUrl = Object.assign(new URL(given), { pathname: "/postgres" }).toString();
  await sql(adminUrl, `drop database if exists ${name} with (force)`);
  await sql(adminUrl, `create database ${name}`);
  return { name, url: Object.assign(new URL(given), { pathname: `/${name}` }).toString(), adminUrl };
}

/** median is the middle value of `numbers` (the mean of the two middle ones for an even count; NaN for none). */
export function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
