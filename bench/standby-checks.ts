// Where permission checks run with a hot standby, and what each consistency
// level costs. A `latchkey serve` on PostgreSQL (127.0.0.1:5432) with the
// standby scripts/standby-cluster.sh makes (127.0.0.1:5433) in
// LATCHKEY_STANDBY_URLS; for each consistency level, the same checks with 16
// in flight from a gRPC client in this process, and the transactions the
// primary and the standby committed for the bench database meanwhile
// (pg_stat_database.xact_commit; the standby watch adds about 2 per second on
// each). The client shares the machine with the server, so checks/s are for
// comparing the levels with each other, not a ceiling.
// Usage: npm run bench:standby [-- --checks N]   (needs scripts/standby-cluster.sh run first)
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { Consistency } from "../gen/ts/latchkey/scope/v1/consistency_pb.js";
import { SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "../test/harness.js";
import { buildServer, LATCHKEY_ENTRY } from "../test/process.js";
import { printTable, type Row, sql, startProcess } from "./lib.js";

const { values } = parseArgs({ options: { checks: { type: "string", default: "4000" } } });
const CHECKS = Number(values.checks);
const IN_FLIGHT = 16;
/** An idle backend reports its counts to pg_stat_database within 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL). */
const STATS_FLUSHED_MS = 11_000;
const databaseName = "latchkey_bench_standby";
const primaryAdmin = "postgres://postgres@127.0.0.1:5432/postgres";
const primaryUrl = `postgres://postgres@127.0.0.1:5432/${databaseName}`;
const standbyUrl = `postgres://postgres@127.0.0.1:5433/${databaseName}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function commits(url: string): Promise<number> {
  const [row] = await sql<{ n: string }>(
    url,
    "select xact_commit::text as n from pg_stat_database where datname = $1",
    [databaseName],
  );
  return Number(row?.n);
}

async function caughtUp(): Promise<void> {
  const [primary] = await sql<{ lsn: string }>(primaryUrl, "select pg_current_wal_insert_lsn()::text as lsn");
  for (;;) {
    const [row] = await sql<{ done: boolean }>(standbyUrl, "select pg_last_wal_replay_lsn() >= $1::pg_lsn as done", [
      primary?.lsn,
    ]);
    if (row?.done) return;
    await pause(100);
  }
}

await sql(primaryAdmin, `drop database if exists ${databaseName} with (force)`);
await sql(primaryAdmin, `create database ${databaseName}`);
buildServer();
const key = newSecret("sk");
const server = await startProcess(
  LATCHKEY_ENTRY,
  ["serve"],
  {
    DATABASE_URL: primaryUrl,
    LATCHKEY_KEK: randomBytes(32).toString("base64"),
    LATCHKEY_BOOTSTRAP_KEY: key,
    LATCHKEY_STANDBY_URLS: standbyUrl,
    LATCHKEY_LOG_LEVEL: "info",
  },
  "latchkey listening",
);
try {
  const scopes = createClient(ScopeService, createGrpcTransport({ baseUrl: server.url, interceptors: [bearer(key)] }));
  await scopes.createScopeType({ id: "type_space", name: "Space" });
  await scopes.createScope({ id: "scope_docs", name: "Docs", typeId: "type_space" });
  await scopes.createRole({ id: "role_reader", name: "Reader", permissions: ["doc:read"] });
  await scopes.createSubject({ id: "subject_jane", kind: SubjectKind.USER, displayName: "Jane" });
  const { consistencyToken } = await scopes.createMembership({
    scopeId: "scope_docs",
    subjectId: "subject_jane",
    roleIds: ["role_reader"],
  });
  await caughtUp();
  await pause(1_500);
  const check = { subjectId: "subject_jane", scopeId: "scope_docs", permission: "doc:read" };
  const levels: [string, Consistency | undefined][] = [
    ["unset (fully consistent)", undefined],
    ["at_least_as_fresh", { requirement: { case: "atLeastAsFresh", value: consistencyToken } } as Consistency],
    ["minimize_latency", { requirement: { case: "minimizeLatency", value: true } } as Consistency],
  ];
  const rows: Row[] = [];
  for (const [level, consistency] of levels) {
    for (let i = 0; i < 200; i++) await scopes.checkPermission({ ...check, consistency }); // warm the pools
    await pause(STATS_FLUSHED_MS);
    const before = { primary: await commits(primaryUrl), standby: await commits(standbyUrl), time: performance.now() };
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < CHECKS) {
          if (!(await scopes.checkPermission({ ...check, consistency })).allowed) throw new Error("check denied");
        }
      }),
    );
    const seconds = (performance.now() - before.time) / 1000;
    await pause(STATS_FLUSHED_MS);
    const primary = (await commits(primaryUrl)) - before.primary - 2; // the two counter reads themselves
    const standby = (await commits(standbyUrl)) - before.standby - 2;
    rows.push({
      consistency: level,
      checks: CHECKS,
      "checks/s": Math.round(CHECKS / seconds),
      "primary xacts/check": (primary / CHECKS).toFixed(3),
      "standby xacts/check": (standby / CHECKS).toFixed(3),
    });
  }
  printTable(rows);
} finally {
  await server.stop();
  await sql(primaryAdmin, `drop database if exists ${databaseName} with (force)`);
}
