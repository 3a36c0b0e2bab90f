// CheckPermission at scale: 100,000 scopes up to depth 10 and 1,000,000
// memberships on PostgreSQL. One run measures, with the same load client in
// its own process (random cases, 10 s each, once with one call in flight for
// latency and once with 16 for throughput):
//   - the ceiling: a bare Connect handler over gRPC, and `SELECT 1` over pg;
//   - the check query alone over pg: on the closure table as a plain
//     statement and as the scope_check() function the server calls, and as a
//     recursive CTE (the alternative), on the same data;
//   - CheckPermission over gRPC at depth 10, end to end.
// Usage: npm run bench:check [-- --seconds N]   (needs PostgreSQL at 127.0.0.1:5432)
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { likePattern } from "../src/domain/scope-rules.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "../test/harness.js";
import { printTable, type Row, sql, startLatchkey, startProcess } from "./lib.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" } } });
const seconds = Number(values.seconds);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = "latchkey_bench_scopes";
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);
/** The tree: ORGS roots of a DEFINE type, each with PER_ORG - 1 descendants down to depth 10. */
const ORGS = 1000;
const PER_ORG = 100;
const SUBJECTS = 100_000;
const MEMBERSHIPS_PER_SCOPE = 10;
/** Calls in flight: one for latency, many for throughput. */
const CONCURRENCY = [1, 16];
const ROLES: Record<string, string[]> = {
  role_admin: ["*"],
  role_deployer: ["deploy:*", "logs:read"],
  role_viewer: ["*:read"],
  role_billing: ["billing:*"],
  role_auditor: ["audit:read", "logs:read"],
};

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * seed writes the tree straight into the tables the server reads (it is the
 * only way to make a million rows in seconds), including the closure table,
 * computed here by a recursive query exactly as the server maintains it.
 */
async function seed(instanceId: string): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    console.log(
      `seeding ${ORGS * PER_ORG} scopes, ${SUBJECTS} subjects, ${ORGS * PER_ORG * MEMBERSHIPS_PER_SCOPE} memberships`,
    );
    await timed("scope types and roles", async () => {
      await db.query(
        `insert into scope_type (instance_id, id, name, permission_mode, create_time) values
          ($1, 'type_org', 'Org', 'define', now()), ($1, 'type_node', 'Node', 'inherit', now())`,
        [instanceId],
      );
      for (const [id, permissions] of Object.entries(ROLES)) {
        await db.query(
          `insert into role (instance_id, id, name, permissions, create_time, update_time)
            values ($1, $2, $2, $3::jsonb, now(), now())`,
          [instanceId, id, JSON.stringify(permissions)],
        );
        for (const pattern of permissions) {
          await db.query(
            "insert into role_permission (instance_id, role_id, pattern, like_pattern) values ($1, $2, $3, $4)",
            [instanceId, id, pattern, likePattern(pattern)],
          );
        }
      }
    });
    // Scope j of an org: 0 is the root, 1–9 a spine (depth 2–10), the rest
    // hang under spine nodes 1–8 (depth 3–10).
    await timed("scopes", () =>
      db.query(
        `insert into scope (instance_id, id, type_id, name, parent_id, meta, depth, create_time, update_time)
          select $1, format('scope_o%s_%s', o, j), case when j = 0 then 'type_org' else 'type_node' end,
            format('o%s-%s', o, j),
            case when j = 0 then null when j <= 9 then format('scope_o%s_%s', o, j - 1)
              else format('scope_o%s_%s', o, 1 + j % 8) end,
            '{}', case when j <= 9 then j + 1 else 1 + j % 8 + 2 end, now(), now()
          from generate_series(0, $2::int - 1) o, generate_series(0, $3::int - 1) j`,
        [instanceId, ORGS, PER_ORG],
      ),
    );
    await timed("closure table", () =>
      db.query(
        `insert into scope_ancestor (instance_id, scope_id, ancestor_id, distance, effective)
          with recursive c (scope_id, ancestor_id, distance, effective) as (
            select id, id, 0, true from scope where instance_id = $1
            union all
            select c.scope_id, s.parent_id, c.distance + 1, c.effective and t.permission_mode = 'inherit'
            from c join scope s on s.instance_id = $1 and s.id = c.ancestor_id
            join scope_type t on t.instance_id = $1 and t.id = s.type_id
            where s.parent_id is not null)
          select $1, scope_id, ancestor_id, distance, effective from c`,
        [instanceId],
      ),
    );
    await timed("subjects", () =>
      db.query(
        `insert into subject (instance_id, id, kind, display_name, create_time)
          select $1, format('subject_u%s', n), 'user', format('user %s', n), now() from generate_series(0, $2::int - 1) n`,
        [instanceId, SUBJECTS],
      ),
    );
    await timed("memberships", () =>
      db.query(
        `insert into membership (instance_id, scope_id, subject_id, create_time, update_time)
          select $1, format('scope_o%s_%s', s / $3::int, s % $3::int), format('subject_u%s', (s * 31 + k * 10007) % $4::int),
            now(), now()
          from generate_series(0, $2::int * $3::int - 1) s, generate_series(0, $5::int - 1) k`,
        [instanceId, ORGS, PER_ORG, SUBJECTS, MEMBERSHIPS_PER_SCOPE],
      ),
    );
    await timed("membership roles", () =>
      db.query(
        `insert into membership_role (instance_id, scope_id, subject_id, role_id)
          select instance_id, scope_id, subject_id, ($2::text[])[1 + abs(hashtext(scope_id || subject_id)) % 5]
          from membership where instance_id = $1`,
        [instanceId, Object.keys(ROLES)],
      ),
    );
    await timed("analyze", () => db.query("analyze"));
  } finally {
    await db.end();
  }
}

/** cases are checks at depth 10: half by a member of an ancestor scope, half by a random subject. */
async function checkCases(instanceId: string) {
  const members = await sql(
    databaseUrl,
    `select m.subject_id, m.scope_id as member_of, format('scope_o%s_9', o) as scope_id
      from generate_series(0, $2::int - 1, 3) o
      join lateral (select subject_id, scope_id from membership
        where instance_id = $1 and scope_id = format('scope_o%s_%s', o, o % 10) limit 1) m on true`,
    [instanceId, ORGS],
  );
  const permissions = ["deploy:write", "logs:read", "billing:refund", "audit:read"];
  return members.flatMap((row, i) => [
    { subjectId: String(row.subject_id), scopeId: String(row.scope_id), permission: permissions[i % 4] as string },
    {
      subjectId: `subject_u${(i * 7919) % SUBJECTS}`,
      scopeId: String(row.scope_id),
      permission: permissions[(i + 1) % 4] as string,
    },
  ]);
}

type LoadResult = {
  calls: number;
  seconds: number;
  errors: number;
  allowed: number;
  p50: number;
  p99: number;
  max: number;
};

function load(scenario: string, options: Record<string, unknown>, concurrency: number): LoadResult {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "bench/check-load.ts", scenario, JSON.stringify({ ...options, seconds, concurrency })],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as LoadResult;
}

await sql(adminUrl, `drop database if exists ${databaseName} with (force)`);
await sql(adminUrl, `create database ${databaseName}`);
const instanceKey = newSecret("sk");
const latchkey = await startLatchkey(databaseUrl, instanceKey);
const bareKey = newSecret("sk");
const bare = await startProcess("bench/bare-server.ts", [], { BARE_KEY: bareKey }, "bare ready");
try {
  const [instance] = await sql(databaseUrl, "select id from instance");
  const instanceId = String(instance?.id);
  await seed(instanceId);
  const cases = await checkCases(instanceId);
  const scopes = createClient(
    ScopeService,
    createGrpcTransport({ baseUrl: latchkey.url, interceptors: [bearer(instanceKey)] }),
  );
  const sample = await scopes.checkPermission(cases[0] ?? { subjectId: "", scopeId: "", permission: "" });
  console.log(
    `  sample check: allowed=${sample.allowed}, grants=${JSON.stringify(sample.grants.map((g) => [g.scopeId, g.roleId, g.distance]))}`,
  );

  const common = { databaseUrl, instanceId, cases };
  const scenarios: [string, string, Record<string, unknown>][] = [
    ["bare Connect handler over gRPC (ceiling)", "bare", { ...common, url: bare.url, key: bareKey }],
    ["SELECT 1 over pg (database round trip)", "select1", common],
    ["check over pg: closure table, statement", "closureSql", common],
    ["check over pg: closure table, scope_check()", "functionSql", common],
    ["check over pg: recursive CTE, statement", "recursiveSql", common],
    ["CheckPermission over gRPC, depth 10", "rpc", { ...common, url: latchkey.url, key: instanceKey }],
  ];
  const rows: Row[] = [];
  let ceiling = 0;
  for (const [name, scenario, options] of scenarios) {
    const [single, many] = CONCURRENCY.map((concurrency) => load(scenario, options, concurrency)) as [
      LoadResult,
      LoadResult,
    ];
    const rate = many.calls / many.seconds;
    if (ceiling === 0) ceiling = rate;
    rows.push({
      scenario: name,
      "calls/s (16)": Math.round(rate),
      "of bare": `${Math.round((100 * rate) / ceiling)}%`,
      "p50 ms (1)": single.p50.toFixed(2),
      "p99 ms (1)": single.p99.toFixed(2),
      "p50 ms (16)": many.p50.toFixed(2),
      "p99 ms (16)": many.p99.toFixed(2),
      allowed:
        scenario === "bare" || scenario === "select1" ? "-" : `${Math.round((100 * many.allowed) / many.calls)}%`,
      errors: single.errors + many.errors,
    });
  }
  console.log(
    `\n${ORGS * PER_ORG} scopes (depth ≤ 10), ${ORGS * PER_ORG * MEMBERSHIPS_PER_SCOPE} memberships, ${cases.length} check cases at depth 10;` +
      ` calls in flight (1) and (16) from a client process, ${seconds} s each\n`,
  );
  printTable(rows);
} finally {
  await bare.stop();
  await latchkey.stop();
}
