import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Consistency } from "../gen/ts/latchkey/scope/v1/consistency_pb.js";
import { SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { STANDBY_POLL_INTERVAL_MS } from "../src/db/standby-pool.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "./harness.js";
import { freePort, type LatchkeyProcess, serveLatchkey, waitFor } from "./process.js";
import { describeUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

// The operator's failover, rehearsed (README "Scaling out", "When the primary
// is lost"): a throwaway primary and its streaming hot standby, made here with
// initdb, pg_basebackup and pg_ctl in a temporary directory on ports of their
// own (never the shared clusters on 5432 and 5433). latchkey serves from the
// pair, the primary is killed, the standby promoted, latchkey pointed at it.

const execFileAsync = promisify(execFile);
const PROGRAMS = ["initdb", "pg_ctl", "pg_basebackup"];

/** postgresBin is the directory of the newest installed PostgreSQL's programs, or undefined. */
function postgresBin(): string | undefined {
  const debian = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => `/usr/lib/postgresql/${version}/bin`)
    : [];
  const path = (process.env.PATH ?? "").split(":").filter((dir) => dir !== "");
  return [...debian, ...path].find((dir) => PROGRAMS.every((program) => existsSync(join(dir, program))));
}

/** postgresUser is the uid and gid to run PostgreSQL as: `postgres` when root (PostgreSQL refuses root), else ours. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

const bin = postgresBin();

function skipReason(): string | undefined {
  if (NEEDS_POSTGRESQL !== undefined) return NEEDS_POSTGRESQL;
  if (bin === undefined) return `needs PostgreSQL's ${PROGRAMS.join(", ")} (Debian: postgresql)`;
  if (process.getuid?.() === 0) {
    try {
      postgresUser();
    } catch {
      return "runs as root, so needs a postgres user to run the rehearsal's clusters as";
    }
  }
  return undefined;
}

const rehearse = describeUnless(skipReason());

const jane = { subjectId: "subject_jane", scopeId: "scope_docs", permission: "doc:read" };
const bob = { ...jane, subjectId: "subject_bob" };
const fresh = (token: string): Consistency =>
  ({ requirement: { case: "atLeastAsFresh", value: token } }) as Consistency;

rehearse("promoting a standby after the primary is lost", () => {
  const started: LatchkeyProcess[] = [];
  const clusters: string[] = [];
  let dir: string;
  let user: { uid: number; gid: number } | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "latchkey-promotion-"));
    user = postgresUser();
    if (user !== undefined) chownSync(dir, user.uid, user.gid);
  });

  /** postgres runs one of PostgreSQL's programs as the user PostgreSQL runs as. */
  async function postgres(program: string, args: string[]): Promise<void> {
    const path = join(bin as string, program);
    const [file, argv] = user === undefined ? [path, args] : ["runuser", ["-u", "postgres", "--", path, ...args]];
    await execFileAsync(file, argv, { cwd: dir, timeout: 60_000 });
  }

  const pgCtl = (data: string, ...args: string[]) =>
    postgres("pg_ctl", ["-D", join(dir, data), "-l", join(dir, `${data}.log`), "-w", ...args]);

  /** sql runs one statement on the cluster at `port` and returns its rows. */
  async function sql<T>(port: number, text: string, database = "latchkey"): Promise<T[]> {
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    for (const server of started) server.child.kill("SIGKILL");
    await Promise.all(started.map((server) => server.exit));
    for (const data of clusters) await pgCtl(data, "stop", "-m", "immediate").catch(() => undefined);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps serving from the promoted standby, with the writes it had and the tokens of the old primary", async () => {
    const [primaryPort, standbyPort] = [await freePort(), await freePort()];
    // A primary (fsync off: a throwaway), then a standby streaming from it, as an operator makes one.
    await postgres("initdb", ["-D", join(dir, "primary"), "-U", "postgres", "-A", "trust", "-N", "--no-instructions"]);
    await appendFile(
      join(dir, "primary", "postgresql.conf"),
      `port = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\nshared_buffers = 16MB\nmax_connections = 50\n`,
    );
    clusters.push("primary");
    await pgCtl("primary", "start");
    await sql(primaryPort, "create database latchkey", "postgres");
    await postgres("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres"],
      ...["-D", join(dir, "standby"), "-R", "-X", "stream", "-c", "fast"],
    ]);
    await appendFile(join(dir, "standby", "postgresql.conf"), `port = ${standbyPort}\n`);
    clusters.push("standby");
    await pgCtl("standby", "start");

    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/latchkey`;
    const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/latchkey`;
    const key = newSecret("sk");
    const kek = randomBytes(32).toString("base64");
    const serve = async (env: Record<string, string>) => {
      const { server, port } = await serveLatchkey({ LATCHKEY_KEK: kek, LATCHKEY_BOOTSTRAP_KEY: key, ...env });
      started.push(server);
      const transport = createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(key)] });
      return { server, scopes: createClient(ScopeService, transport) };
    };

    // Before: latchkey on the primary, the standby in LATCHKEY_STANDBY_URLS.
    const before = await serve({ DATABASE_URL: primaryUrl, LATCHKEY_STANDBY_URLS: standbyUrl });
    await before.scopes.createScopeType({ id: "type_space", name: "Space" });
    await before.scopes.createScope({ id: "scope_docs", name: "Docs", typeId: "type_space" });
    await before.scopes.createRole({ id: "role_reader", name: "Reader", permissions: ["doc:read"] });
    for (const subject of [jane, bob]) {
      await before.scopes.createSubject({
        id: subject.subjectId,
        kind: SubjectKind.USER,
        displayName: subject.subjectId,
      });
    }
    const kept = await before.scopes.createMembership({ ...jane, roleIds: ["role_reader"] });
    // The standby has replayed everything so far: Jane's grant will survive the primary.
    const [position] = await sql<{ lsn: string }>(primaryPort, "select pg_current_wal_insert_lsn()::text as lsn");
    await waitFor(async () => {
      const [row] = await sql<{ done: boolean }>(
        standbyPort,
        `select pg_last_wal_replay_lsn() >= '${position?.lsn}'::pg_lsn as done`,
      );
      return row?.done === true ? true : undefined;
    }, "the standby to replay Jane's grant");

    // Replication is asynchronous: a write acknowledged after the standby's last received record is lost
    // with the primary. Made so here by stopping the standby before Bob's grant.
    await pgCtl("standby", "stop", "-m", "fast");
    const lost = await before.scopes.createMembership({ ...bob, roleIds: ["role_reader"] });
    expect((await before.scopes.checkPermission({ ...bob, consistency: fresh(lost.consistencyToken) })).allowed).toBe(
      true,
    );

    // The primary is lost. Every call to the replica that uses it is Unavailable, none hangs, even a read
    // the standby (up again, still in recovery, probed by the replica meanwhile) has replayed far enough
    // for: without its LISTEN connection the replica looks every key up on the primary.
    await pgCtl("primary", "stop", "-m", "immediate");
    await pgCtl("standby", "start");
    await new Promise((resolve) => setTimeout(resolve, 3 * STANDBY_POLL_INTERVAL_MS));
    for (const consistency of [undefined, fresh(kept.consistencyToken)]) {
      const refused = await before.scopes.checkPermission({ ...jane, consistency }).then(
        () => undefined,
        (error: unknown) => ConnectError.from(error).code,
      );
      expect(refused).toBe(Code.Unavailable);
    }

    // The operator promotes the standby (the most advanced one, if there were several) …
    await pgCtl("standby", "promote");
    const [promoted] = await sql<{ recovering: boolean }>(standbyPort, "select pg_is_in_recovery() as recovering");
    expect(promoted?.recovering).toBe(false);
    // … and restarts the replicas with DATABASE_URL naming it (and no standby until one follows it).
    before.server.child.kill("SIGTERM");
    await before.server.exit;
    const after = await serve({ DATABASE_URL: standbyUrl });

    // The same instance key works, and every write the standby had replayed is there.
    expect((await after.scopes.checkPermission(jane)).allowed).toBe(true);
    // A token of the old primary still opens (same LATCHKEY_KEK) and means what it meant for what the
    // promoted server had replayed.
    const janeFresh = await after.scopes.checkPermission({ ...jane, consistency: fresh(kept.consistencyToken) });
    expect(janeFresh.allowed).toBe(true);
    // The lost write's token is accepted too, but cannot bring the write back: the read is answered from
    // the promoted server's history, where Bob was never granted (README: use synchronous replication
    // where no acknowledged write may be lost).
    const bobFresh = await after.scopes.checkPermission({ ...bob, consistency: fresh(lost.consistencyToken) });
    expect(bobFresh.allowed).toBe(false);
    expect((await after.scopes.checkPermission(bob)).allowed).toBe(false);

    // Writes go on, with tokens of the new history that read their writes.
    const regranted = await after.scopes.createMembership({ ...bob, roleIds: ["role_reader"] });
    expect(
      (await after.scopes.checkPermission({ ...bob, consistency: fresh(regranted.consistencyToken) })).allowed,
    ).toBe(true);
    await after.scopes.deleteMembership({ scopeId: jane.scopeId, subjectId: jane.subjectId });
    expect((await after.scopes.checkPermission(jane)).allowed).toBe(false);
    // The promoted server writes on a new timeline (PostgreSQL's record of the switch).
    expect(readFileSync(join(dir, "standby.log"), "utf8")).toMatch(/selected new timeline ID: 2/);
  }, 90_000);
});
