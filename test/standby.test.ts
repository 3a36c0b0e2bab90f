import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { type Client, Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import type { Consistency } from "../gen/ts/latchkey/scope/v1/consistency_pb.js";
import { SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { InstanceRepository } from "../src/db/instance-repository.js";
import { type Database, openDatabase } from "../src/db/orm.js";
import { STANDBY_POLL_INTERVAL_MS } from "../src/db/standby-pool.js";
import { bearer, failure } from "./harness.js";
import { type LatchkeyProcess, serveLatchkey, waitFor } from "./process.js";
import { describeUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

// A real `latchkey serve` reading permission checks from a real PostgreSQL hot
// standby: the second cluster scripts/standby-cluster.sh makes on this machine
// (port 5433, streaming from DATABASE_URL's server). Lag is forced by pausing
// the standby's replay (pg_wal_replay_pause), resumed after each test.

/** STANDBY_PORT is where scripts/standby-cluster.sh puts the standby. */
const STANDBY_PORT = 5433;
/** MAX_STALENESS_MS is the servers' LATCHKEY_STANDBY_MAX_STALENESS_MS here. */
const MAX_STALENESS_MS = 3_000;
/** Long enough for the pool to have probed the standby at least once more. */
const PROBED_MS = 3 * STANDBY_POLL_INTERVAL_MS;

const standbyUrl = (() => {
  if (process.env.DATABASE_URL === undefined) return undefined;
  const url = new URL(process.env.DATABASE_URL);
  url.port = String(STANDBY_PORT);
  return url.toString();
})();

/** standbySkipReason is why the suite cannot run here, or undefined when the standby streams. */
async function standbySkipReason(): Promise<string | undefined> {
  if (NEEDS_POSTGRESQL !== undefined || standbyUrl === undefined) return NEEDS_POSTGRESQL;
  const client = new pg.Client({ connectionString: standbyUrl, connectionTimeoutMillis: 3_000 });
  const reason = `needs a hot standby of DATABASE_URL's server at port ${STANDBY_PORT} (run scripts/standby-cluster.sh)`;
  try {
    await client.connect();
    const { rows } = await client.query<{ recovering: boolean }>("select pg_is_in_recovery() as recovering");
    return rows[0]?.recovering === true ? undefined : `${reason}: port ${STANDBY_PORT} is not in recovery`;
  } catch (error) {
    return `${reason}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const withStandby = describeUnless(await standbySkipReason());

type Scopes = Client<typeof ScopeService>;
type Machines = Client<typeof MachineService>;
const check = { subjectId: "subject_jane", scopeId: "scope_docs", permission: "doc:read" };
const fresh = (token: string): Consistency =>
  ({ requirement: { case: "atLeastAsFresh", value: token } }) as Consistency;
const minimizeLatency = { requirement: { case: "minimizeLatency", value: true } } as Consistency;

withStandby("permission checks served by a PostgreSQL hot standby", () => {
  const started: LatchkeyProcess[] = [];
  let database: Database;
  let primary: pg.Client;
  let standby: pg.Client;
  let kek: string;

  /**
   * serve starts a server with these standbys and returns clients of a new
   * instance of its own, `evaluate`: the Bedrock-compatible REST check
   * (POST /evaluate) of that instance, answering `allowed`, and `tokensOf`:
   * a TokenService client with a machine's key.
   */
  async function serve(standbyUrls: string): Promise<{
    scopes: Scopes;
    machines: Machines;
    evaluate: () => Promise<boolean>;
    tokensOf: (key: string) => Client<typeof TokenService>;
  }> {
    const { secret } = await new InstanceRepository(database.fork()).createInstance("standby");
    const { server, port } = await serveLatchkey({
      DATABASE_URL: process.env.DATABASE_URL as string,
      LATCHKEY_KEK: kek,
      LATCHKEY_STANDBY_URLS: standbyUrls,
      LATCHKEY_STANDBY_MAX_STALENESS_MS: String(MAX_STALENESS_MS),
    });
    started.push(server);
    const transport = createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(secret)] });
    const evaluate = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/evaluate`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({
          actor: { subjectId: check.subjectId, subjectType: "user" },
          scopeId: check.scopeId,
          action: check.permission,
        }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { allowed: boolean }).allowed;
    };
    const tokensOf = (key: string) =>
      createClient(
        TokenService,
        createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(key)] }),
      );
    return {
      scopes: createClient(ScopeService, transport),
      machines: createClient(MachineService, transport),
      evaluate,
      tokensOf,
    };
  }

  /** A tenant with a scope, a role granting doc:read and a subject without membership. */
  async function tenant(scopes: Scopes): Promise<void> {
    await scopes.createScopeType({ id: "type_space", name: "Space" });
    await scopes.createScope({ id: "scope_docs", name: "Docs", typeId: "type_space" });
    await scopes.createRole({ id: "role_reader", name: "Reader", permissions: ["doc:read"] });
    await scopes.createSubject({ id: "subject_jane", kind: SubjectKind.USER, displayName: "Jane" });
  }

  /** caughtUp waits until the standby has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const { rows } = await primary.query<{ lsn: string }>("select pg_current_wal_insert_lsn()::text as lsn");
    const target = rows[0]?.lsn;
    await waitFor(async () => {
      const replayed = await standby.query<{ done: boolean }>("select pg_last_wal_replay_lsn() >= $1::pg_lsn as done", [
        target,
      ]);
      return replayed.rows[0]?.done === true ? true : undefined;
    }, "the standby to catch up");
  }

  async function pauseReplay(): Promise<void> {
    await standby.query("select pg_wal_replay_pause()");
    await waitFor(async () => {
      const { rows } = await standby.query<{ state: string }>("select pg_get_wal_replay_pause_state() as state");
      return rows[0]?.state === "paused" ? true : undefined;
    }, "the standby's replay to pause");
  }

  const resumeReplay = () => standby.query("select pg_wal_replay_resume()");

  beforeAll(async () => {
    database = await openDatabase({ url: process.env.DATABASE_URL as string });
    kek = randomBytes(32).toString("base64");
    primary = new pg.Client({ connectionString: process.env.DATABASE_URL });
    standby = new pg.Client({ connectionString: standbyUrl });
    await primary.connect();
    await standby.connect();
  });

  afterAll(async () => {
    await resumeReplay().catch(() => undefined);
    for (const server of started) server.child.kill("SIGTERM");
    await Promise.all(started.map((server) => server.exit));
    await primary?.end();
    await standby?.end();
    await database?.close();
  });

  it("reads your writes through a token, refuses a revoked grant while the standby lags, and bounds minimize_latency by the maximum staleness", async () => {
    const { scopes, evaluate } = await serve(standbyUrl as string);
    await tenant(scopes);
    const granted = await scopes.createMembership({ ...check, roleIds: ["role_reader"] });
    try {
      await caughtUp();
      await pauseReplay();
      await new Promise((resolve) => setTimeout(resolve, PROBED_MS));

      // The grant is taken away while the standby still shows it.
      const revoked = await scopes.deleteMembership({ scopeId: check.scopeId, subjectId: check.subjectId });
      const revokedAt = Date.now();
      // Every read that must see the revocation is refused: the default, the revocation's token, a batch.
      expect((await scopes.checkPermission(check)).allowed).toBe(false);
      // The Bedrock REST check has no consistency to ask for: it reads the primary too.
      expect(await evaluate()).toBe(false);
      expect((await scopes.checkPermission({ ...check, consistency: fresh(revoked.consistencyToken) })).allowed).toBe(
        false,
      );
      const batch = await scopes.batchCheckPermissions({
        checks: [check],
        consistency: fresh(revoked.consistencyToken),
      });
      expect(batch.results.map((result) => result.allowed)).toEqual([false]);
      // A read that asked only to be as fresh as the grant is served by the standby, which still shows it
      // (the primary would say no): proof the standby answers, and answers only what was asked for.
      expect((await scopes.checkPermission({ ...check, consistency: fresh(granted.consistencyToken) })).allowed).toBe(
        true,
      );

      // minimize_latency reads the standby until it is MAX_STALENESS_MS behind, then the primary.
      const answers: { ms: number; allowed: boolean }[] = [];
      await waitFor(
        async () => {
          // Timed when sent: the server chose where to read after that, so a stale answer's send time is
          // within the bound however slowly the answer comes back.
          const sent = Date.now() - revokedAt;
          const { allowed } = await scopes.checkPermission({ ...check, consistency: minimizeLatency });
          answers.push({ ms: sent, allowed });
          return allowed ? undefined : true;
        },
        "minimize_latency to leave the paused standby",
        MAX_STALENESS_MS + 10_000,
      );
      expect(answers[0]?.allowed).toBe(true);
      // How long the stale grant is served depends on the primary's other writes: the pool judges a
      // standby from the last primary position it had replayed, read at most STANDBY_POLL_INTERVAL_MS
      // apart. With the primary otherwise idle that reading is taken just before the revocation, so the
      // stale answers come close to the bound (2.8-2.9 s seen); with other databases writing, it is the
      // last reading before the pause (about 1 s here). Either way it is never over the bound: the
      // reading's time is taken before its query, so before the revocation committed, and each
      // answer's `sent` is measured before the server compared its clock with that time.
      const lastStale = Math.max(...answers.filter((answer) => answer.allowed).map((answer) => answer.ms));
      expect(lastStale).toBeLessThanOrEqual(MAX_STALENESS_MS);
      const firstFresh = answers.find((answer) => !answer.allowed)?.ms ?? Number.POSITIVE_INFINITY;
      expect(firstFresh).toBeLessThanOrEqual(MAX_STALENESS_MS + 1_000);
      console.log(
        `standby: minimize_latency served the stale grant for ${lastStale} ms after the revocation (bound ${MAX_STALENESS_MS} ms), then the primary at ${firstFresh} ms`,
      );

      // Caught up again, the standby is back in rotation: with replay paused anew, a new grant is seen
      // by a read as fresh as it (the primary) and not yet by minimize_latency (the standby).
      await resumeReplay();
      await caughtUp();
      await new Promise((resolve) => setTimeout(resolve, PROBED_MS));
      await pauseReplay();
      const regranted = await scopes.createMembership({ ...check, roleIds: ["role_reader"] });
      expect((await scopes.checkPermission({ ...check, consistency: fresh(regranted.consistencyToken) })).allowed).toBe(
        true,
      );
      expect((await scopes.checkPermission({ ...check, consistency: minimizeLatency })).allowed).toBe(false);
      expect((await scopes.checkPermission(check)).allowed).toBe(true);
      expect(await evaluate()).toBe(true);
    } finally {
      await resumeReplay();
    }
  }, 90_000);

  it("serves GetScope, ListScopes and ListSubjectScopes from the standby only as far as their consistency allows", async () => {
    const { scopes } = await serve(standbyUrl as string);
    await tenant(scopes);
    await scopes.createMembership({ ...check, roleIds: ["role_reader"] });
    const rename = (name: string) =>
      scopes.updateScope({ id: check.scopeId, scope: { name }, updateMask: { paths: ["name"] } });
    const before = await rename("Docs 1");
    try {
      await caughtUp();
      await pauseReplay();
      await new Promise((resolve) => setTimeout(resolve, PROBED_MS));
      // Renamed and the grant taken away while the standby still shows "Docs 1" and the grant.
      const after = await rename("Docs 2");
      const revoked = await scopes.deleteMembership({ scopeId: check.scopeId, subjectId: check.subjectId });
      const name = async (consistency?: Consistency) =>
        (await scopes.getScope({ id: check.scopeId, consistency })).scope?.name;
      const listed = async (consistency?: Consistency) =>
        (await scopes.listScopes({ consistency })).scopes.map((scope) => scope.name);
      const where = async (consistency?: Consistency) => {
        const batches = [];
        for await (const batch of scopes.listSubjectScopes({
          subjectId: check.subjectId,
          permission: check.permission,
          consistency,
        })) {
          batches.push(batch);
        }
        return batches;
      };
      // As fresh as the changes, or by default: the primary, which has them.
      expect(await name(fresh(after.consistencyToken))).toBe("Docs 2");
      expect(await name()).toBe("Docs 2");
      expect(await listed(fresh(after.consistencyToken))).toEqual(["Docs 2"]);
      expect(await where(fresh(revoked.consistencyToken))).toEqual([]);
      expect(await where()).toEqual([]);
      // As fresh as the earlier write only: the paused standby, which has replayed neither change.
      expect(await name(fresh(before.consistencyToken))).toBe("Docs 1");
      expect(await listed(fresh(before.consistencyToken))).toEqual(["Docs 1"]);
      const stale = await where(fresh(before.consistencyToken));
      expect(stale.map((batch) => batch.scopes.map((scope) => scope.id))).toEqual([[check.scopeId]]);
      // The standby's answers say where they were read: before the changes, so a read asking for one of
      // those tokens cannot be sent back to it.
      const position = (token: string) => BigInt(`0x${token.split(".")[1]}`);
      const got = await scopes.getScope({ id: check.scopeId, consistency: fresh(before.consistencyToken) });
      expect(position(got.consistencyToken)).toBeLessThan(position(after.consistencyToken));
      expect(position(stale[0]?.consistencyToken ?? "")).toBeLessThan(position(revoked.consistencyToken));
    } finally {
      await resumeReplay();
    }
  }, 60_000);

  it("serves GetMachine and ListMachines from the standby only as far as their consistency allows, and never refills GetMachine's cache from it", async () => {
    const { machines } = await serve(standbyUrl as string);
    const created = await machines.createMachine({ name: "api 1" });
    const id = created.machine?.id as string;
    const doomedId = (await machines.createMachine({ name: "doomed" })).machine?.id as string;
    const name = async (consistency?: Consistency) => (await machines.getMachine({ id, consistency })).machine?.name;
    const listed = async (consistency?: Consistency) => {
      const names = [];
      for await (const message of machines.listMachines({ consistency })) {
        names.push(...message.machines.map((machine) => machine.name));
      }
      return names.sort();
    };
    const doomed = (consistency?: Consistency) => machines.getMachine({ id: doomedId, consistency });
    // The default read fills this process's GetMachine cache from the primary.
    expect(await name()).toBe("api 1");
    try {
      await caughtUp();
      await pauseReplay();
      await new Promise((resolve) => setTimeout(resolve, PROBED_MS));
      // Renamed and a machine deleted while the standby still shows "api 1" and "doomed".
      const renamed = await machines.updateMachine({ id, name: "api 2" });
      const deleted = await machines.deleteMachine({ id: doomedId });
      const changedAt = Date.now();
      // As fresh as the changes, or by default: the primary (or the cache the changes dropped).
      expect(await name(fresh(renamed.consistencyToken))).toBe("api 2");
      expect(await name()).toBe("api 2");
      expect((await failure(doomed(fresh(deleted.consistencyToken)))).code).toBe(Code.NotFound);
      expect((await failure(doomed())).code).toBe(Code.NotFound);
      expect(await listed(fresh(deleted.consistencyToken))).toEqual(["api 2"]);
      expect(await listed()).toEqual(["api 2"]);
      // As fresh as the creation only: the paused standby, which has replayed neither change.
      expect(await name(fresh(created.consistencyToken))).toBe("api 1");
      expect((await doomed(fresh(created.consistencyToken))).machine?.name).toBe("doomed");
      expect(await listed(fresh(created.consistencyToken))).toEqual(["api 1", "doomed"]);
      // The standby's answers say where they were read: before the changes.
      const position = (token: string) => BigInt(`0x${token.split(".")[1]}`);
      const stale = await machines.getMachine({ id, consistency: fresh(created.consistencyToken) });
      expect(position(stale.consistencyToken)).toBeLessThan(position(renamed.consistencyToken));
      // The standby's stale answers did not go into the cache: the default read still sees both changes.
      expect(await name()).toBe("api 2");
      expect((await failure(doomed())).code).toBe(Code.NotFound);

      // minimize_latency reads the standby until it is MAX_STALENESS_MS behind, then the primary; the
      // default read stays fresh all along.
      const answers: { ms: number; name: string | undefined }[] = [];
      await waitFor(
        async () => {
          const sent = Date.now() - changedAt;
          const answer = await name(minimizeLatency);
          answers.push({ ms: sent, name: answer });
          expect(await name()).toBe("api 2");
          return answer === "api 2" ? true : undefined;
        },
        "minimize_latency to leave the paused standby",
        MAX_STALENESS_MS + 10_000,
      );
      expect(answers[0]?.name).toBe("api 1");
      const lastStale = Math.max(...answers.filter((answer) => answer.name === "api 1").map((answer) => answer.ms));
      expect(lastStale).toBeLessThanOrEqual(MAX_STALENESS_MS);
      expect(await listed(minimizeLatency)).toEqual(["api 2"]);
      expect(await name()).toBe("api 2");
    } finally {
      await resumeReplay();
    }
  }, 60_000);

  it("reads at least as fresh as the tokens of key, machine-scope and TokenService writes while the standby lags", async () => {
    const { machines, scopes, tokensOf } = await serve(standbyUrl as string);
    await tenant(scopes);
    const callee = (await machines.createMachine({ name: "callee" })).machine?.id as string;
    const created = await machines.createMachine({ name: "caller" });
    const id = created.machine?.id as string;
    const scopedIds = async (consistency: Consistency) =>
      (await machines.getMachine({ id, consistency })).machine?.scopedMachines.map((machine) => machine.id);
    try {
      await caughtUp();
      await pauseReplay();
      await new Promise((resolve) => setTimeout(resolve, PROBED_MS));
      const scoped = await machines.createMachineScope({ machineId: id, toMachineId: callee });
      expect(await scopedIds(fresh(scoped.consistencyToken))).toEqual([callee]);
      expect(await scopedIds(fresh(created.consistencyToken))).toEqual([]);
      const rotated = await machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds: 0n });
      const tokens = tokensOf(rotated.secretKey);
      const minted = await tokens.createToken({});
      const revoked = await tokens.revokeToken({ id: minted.token?.id as string, reason: "done" });
      // Each later write's token is at least as fresh as the machine scope: the answers show it…
      for (const written of [rotated, minted, revoked]) {
        expect(await scopedIds(fresh(written.consistencyToken))).toEqual([callee]);
      }
      // …and the removal's token shows the removal.
      const unscoped = await machines.deleteMachineScope({ machineId: id, otherMachineId: callee });
      expect(await scopedIds(fresh(unscoped.consistencyToken))).toEqual([]);
      // A TokenService write's token is accepted by ScopeService reads as well.
      const checked = await scopes.checkPermission({ ...check, consistency: fresh(revoked.consistencyToken) });
      expect(checked.allowed).toBe(false);
    } finally {
      await resumeReplay();
    }
  }, 60_000);

  it("keeps answering on the primary when a standby is unreachable from the start or lost mid-traffic", async () => {
    // The standby reached through a proxy this test can cut, and one that never answers.
    const sockets = new Set<Socket>();
    const proxy: Server = createServer((client) => {
      const upstream = tcpConnect(STANDBY_PORT, "127.0.0.1");
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyPort = (proxy.address() as { port: number }).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const database = new URL(standbyUrl as string).pathname;
    const { scopes, machines } = await serve(
      `postgres://postgres@127.0.0.1:${proxyPort}${database},postgres://postgres@127.0.0.1:${deadPort}${database}`,
    );
    await tenant(scopes);
    // Enough machines for a ListMachines stream of three batches, so a cut can fall in the middle of one.
    const MACHINES = 250;
    for (let i = 0; i < MACHINES; i += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => machines.createMachine({ name: `m-${i + j}` })));
    }
    const granted = await scopes.createMembership({ ...check, roleIds: ["role_reader"] });
    await caughtUp();
    await new Promise((resolve) => setTimeout(resolve, PROBED_MS));

    const consistencies = [undefined, minimizeLatency, fresh(granted.consistencyToken)];
    let calls = 0;
    const traffic = async (until: () => boolean) => {
      while (!until()) {
        for (const consistency of consistencies) {
          const answer = await scopes.checkPermission({ ...check, consistency });
          expect(answer.allowed).toBe(true);
          calls++;
        }
      }
    };
    // ListMachines streams beside the checks: every one, cut or not, must list every machine once.
    let streams = 0;
    const listTraffic = async (until: () => boolean) => {
      while (!until()) {
        for (const consistency of consistencies) {
          const ids = [];
          for await (const message of machines.listMachines({ consistency })) {
            expect(message.totalCount).toBe(BigInt(MACHINES));
            ids.push(...message.machines.map((machine) => machine.id));
          }
          expect(new Set(ids).size).toBe(MACHINES);
          expect(ids).toHaveLength(MACHINES);
          streams++;
        }
      }
    };
    let cut = false;
    const server = started.at(-1);
    const proxied = `"standby":"127.0.0.1:${proxyPort}${database}"`;
    // Before the cut the proxied standby serves (it is in rotation), the dead one never did.
    await waitFor(
      () => (server?.stdout().includes(`"msg":"standby in rotation",${proxied}`) ? true : undefined),
      "the proxied standby to be in rotation",
    );
    expect(server?.stdout()).toMatch(new RegExp(`"msg":"standby out of rotation","standby":"127.0.0.1:${deadPort}/`));
    let streamsAtCut = 0;
    const running = Promise.all([
      traffic(() => cut && calls > 300),
      listTraffic(() => cut && streams > streamsAtCut + 6),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Lost mid-traffic: the listener closes and every open connection is cut.
    proxy.close();
    for (const socket of sockets) socket.destroy();
    cut = true;
    const cutAt = calls;
    streamsAtCut = streams;
    await running;
    expect(calls - cutAt).toBeGreaterThan(0);
    // Still serving after the loss, for every consistency.
    for (const consistency of consistencies) {
      expect((await scopes.checkPermission({ ...check, consistency })).allowed).toBe(true);
    }
    expect(server?.stdout()).toContain(`"msg":"standby out of rotation",${proxied}`);
  }, 90_000);
});
