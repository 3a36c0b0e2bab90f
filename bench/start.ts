// Start-up cost: how long `latchkey serve` takes from spawn to listening, and
// how much memory it holds idle, for the compiled server (dist/, what
// `npm start` and `npx latchkey` run) and, for comparison, the same sources
// run through tsx (how the server started before it was compiled), on
// PostgreSQL and on embedded PGlite. A bare Node HTTP/2 server is the floor.
// Usage: npm run bench:start [-- --runs N]   (needs PostgreSQL)
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { newSecret } from "../src/domain/secrets.js";
import { buildServer, LATCHKEY_ENTRY } from "../test/process.js";
import { median, printTable, type Row, rssMiB, sql, startProcess } from "./lib.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = "latchkey_bench_start";
/** How long a server sits idle after listening before its RSS is read. */
const IDLE_MS = 3_000;
/** The targets on PostgreSQL, compiled. */
const TARGET_RSS_MIB = 120;
const TARGET_LISTEN_S = 2;

const RUNTIMES = [
  { name: "compiled (dist/)", script: LATCHKEY_ENTRY },
  { name: "tsx (same sources as compiled)", script: "src/cli.ts" },
] as const;

type Sample = { seconds: number; rss: number };

/** measure starts a server, times it to its ready line, reads its RSS after IDLE_MS and stops it. */
async function measure(script: string, args: string[], env: Record<string, string>, ready: string): Promise<Sample> {
  const started = performance.now();
  const server = await startProcess(script, args, env, ready, "ignore");
  const seconds = (performance.now() - started) / 1000;
  try {
    await sleep(IDLE_MS);
    return { seconds, rss: rssMiB(server.process.pid as number).rss };
  } finally {
    await server.stop();
  }
}

function row(runtime: string, database: string, samples: Sample[]): Row {
  return {
    runtime,
    database,
    runs: samples.length,
    "listening after (s, median)": median(samples.map((s) => s.seconds)).toFixed(2),
    "idle RSS (MiB, median)": Math.round(median(samples.map((s) => s.rss))),
    "RSS range (MiB)": `${Math.round(Math.min(...samples.map((s) => s.rss)))}–${Math.round(Math.max(...samples.map((s) => s.rss)))}`,
  };
}

buildServer();
await sql(adminUrl, `drop database if exists ${databaseName} with (force)`);
await sql(adminUrl, `create database ${databaseName}`);
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);
const common = {
  LATCHKEY_LOG_LEVEL: "info",
  LATCHKEY_BOOTSTRAP_KEY: newSecret("sk"),
  LATCHKEY_KEK: Buffer.alloc(32, 7).toString("base64"),
};
const postgres = { ...common, DATABASE_URL: databaseUrl };
const listening = "latchkey listening";
const load = loadavg()[0]?.toFixed(1);

// The first start migrates the PostgreSQL database and creates the instance; the measured ones find both done.
await (await startProcess(LATCHKEY_ENTRY, ["serve"], postgres, listening, "ignore")).stop();

const rows: Row[] = [];
const bare: Sample[] = [];
for (let run = 0; run < runs; run++) {
  const script = "const s = require('node:http2').createServer().listen(process.env.PORT, () => console.log('ready'))";
  bare.push(await measure("-e", [script], {}, "ready"));
}
rows.push(row("bare Node (an HTTP/2 server, nothing else)", "-", bare));
const dirs: string[] = [];
try {
  for (const runtime of RUNTIMES) {
    const onPostgres: Sample[] = [];
    const firstStart: Sample[] = [];
    const restart: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      onPostgres.push(await measure(runtime.script, ["serve"], postgres, listening));
      const dir = mkdtempSync(join(tmpdir(), "latchkey-bench-start-"));
      dirs.push(dir);
      const embedded = { ...common, LATCHKEY_DATA_DIR: dir };
      firstStart.push(await measure(runtime.script, ["serve"], embedded, listening));
      restart.push(await measure(runtime.script, ["serve"], embedded, listening));
    }
    rows.push(row(runtime.name, "PostgreSQL", onPostgres));
    rows.push(row(runtime.name, "embedded PGlite", restart));
    rows.push(row(runtime.name, "embedded PGlite, first start", firstStart));
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\nlatchkey serve: spawn to "${listening}", then RSS after ${IDLE_MS / 1000} s idle; ` +
    `load average ${load} at the start\n`,
);
printTable(rows);
const compiled = rows.find((r) => r.runtime === RUNTIMES[0].name && r.database === "PostgreSQL");
const seconds = Number(compiled?.["listening after (s, median)"]);
const rss = Number(compiled?.["idle RSS (MiB, median)"]);
console.log(
  `\ntargets on PostgreSQL, compiled: idle RSS under ${TARGET_RSS_MIB} MiB: ${rss < TARGET_RSS_MIB ? "yes" : "no"} (${rss}); ` +
    `listening within ${TARGET_LISTEN_S} s: ${seconds <= TARGET_LISTEN_S ? "yes" : "no"} (${seconds}).`,
);
