// The load client of bench/check-permissions.ts, in a process of its own so
// that it does not share an event loop with the server it measures. It runs
// one scenario for a fixed time with a fixed number of calls in flight, each
// call picking a random case, and prints one JSON line: calls, seconds,
// errors, and latency percentiles in milliseconds.
//
// Usage (by the driver): node --import tsx bench/check-load.ts <scenario> <json options>
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { Health } from "../gen/ts/grpc/health/v1/health_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { bearer } from "../test/harness.js";
import { RECURSIVE_CHECK_SQL } from "./check-sql.js";

/** What the driver passes: where to call, with which key, and the cases to pick from. */
type Options = {
  url: string;
  key: string;
  databaseUrl: string;
  instanceId: string;
  cases: { subjectId: string; scopeId: string; permission: string }[];
  seconds: number;
  concurrency: number;
};

const [scenario, raw] = process.argv.slice(2);
const options = JSON.parse(raw ?? "{}") as Options;
// The function's rows: one with null grant columns when nothing matched.
const grantRows = (result: { rows?: { grant_role_id?: string | null }[] }) =>
  (result.rows ?? []).filter((row) => row.grant_role_id !== null).length;
const pick = () =>
  options.cases[Math.floor(Math.random() * options.cases.length)] ?? { subjectId: "", scopeId: "", permission: "" };

const transport = () => createGrpcTransport({ baseUrl: options.url, interceptors: [bearer(options.key)] });
const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency });

/** The check on the closure table as a plain statement, planned on every call. */
const CLOSURE_CHECK_SQL = `select a.ancestor_id, mr.role_id, rp.pattern, a.distance
  from scope_ancestor a
  join membership_role mr on mr.instance_id = a.instance_id and mr.scope_id = a.ancestor_id and mr.subject_id = $3
  join role_permission rp on rp.instance_id = mr.instance_id and rp.role_id = mr.role_id
  where a.instance_id = $1 and a.scope_id = $2 and a.effective and $4::text like rp.like_pattern
  order by a.distance, mr.role_id, rp.pattern limit 10`;

const calls: Record<string, () => () => Promise<unknown>> = {
  bare: () => {
    const health = createClient(Health, transport());
    return () => health.check({});
  },
  select1: () => () => pool.query("select 1"),
  closureSql: () => () => {
    const c = pick();
    return pool.query(CLOSURE_CHECK_SQL, [options.instanceId, c.scopeId, c.subjectId, c.permission]);
  },
  functionSql: () => () => {
    const c = pick();
    return pool.query("select * from scope_check($1, $2, $3, $4)", [
      options.instanceId,
      c.subjectId,
      c.scopeId,
      c.permission,
    ]);
  },
  recursiveSql: () => () => {
    const c = pick();
    return pool.query(RECURSIVE_CHECK_SQL, [options.instanceId, c.scopeId, c.subjectId, c.permission]);
  },
  rpc: () => {
    const scopes = createClient(ScopeService, transport());
    return () => scopes.checkPermission(pick());
  },
};

const makeCall = calls[scenario ?? ""];
if (makeCall === undefined) throw new Error(`unknown scenario ${scenario}`);
const call = makeCall();

const latencies: number[] = [];
let errors = 0;
let allowed = 0;
// Warm up connections and plans for a second, then measure.
const warmUntil = performance.now() + 1000;
while (performance.now() < warmUntil) await call();
const started = performance.now();
const until = started + options.seconds * 1000;
await Promise.all(
  Array.from({ length: options.concurrency }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const result = (await call()) as { allowed?: boolean; rowCount?: number | null; rows?: [] };
        const sqlAllowed = scenario === "functionSql" ? grantRows(result) > 0 : (result.rowCount ?? 0) > 0;
        if (result.allowed === true || (scenario?.endsWith("Sql") && sqlAllowed)) allowed++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(
  JSON.stringify({ calls: latencies.length, seconds, errors, allowed, p50: at(0.5), p99: at(0.99), max: at(1) }),
);
await pool.end();
