import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { TokenFormat } from "../gen/ts/latchkey/token/v1/token_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { Migration20261130130000 } from "../src/db/migrations/Migration20261130130000.js";
import { failure, inMemoryTransport, startTestEnv, type TestEnv } from "./harness.js";

let env: TestEnv;

const TOKEN = /^mt_[0-9A-Za-z]{43}$/;
const TOKEN_ID = /^mt_[0-9a-f]{32}$/;

function reasonOf(error: { metadata: Headers }) {
  return error.metadata.get("latchkey-error-reason");
}

/** Standard names a resource server reads as the issuer's word: JWT, RFC 7662, RFC 9068, RFC 8693, OIDC. */
const RESERVED_SAMPLE = [
  "client_id",
  "scope",
  "scopes",
  "active",
  "token_type",
  "username",
  "act",
  "may_act",
  "cnf",
  "azp",
  "auth_time",
  "acr",
  "amr",
  "sid",
  "roles",
  "groups",
  "email",
  "latchkey_key_id",
];

const reservedMessage = (name: string) => new RegExp(`^claims: "${name}" is a reserved claim name`);

const ms = (time: Parameters<typeof timestampDate>[0] | undefined) => timestampDate(time as never).getTime();

// The whole suite runs twice: through an in-memory Connect router, and with a
// gRPC client over HTTP/2 against the server on a real port.
describe.each(["in-memory Connect", "gRPC on a real port"] as const)("TokenService over %s", (kind) => {
  beforeAll(async () => {
    env = await startTestEnv(kind);
  });
  afterAll(() => env.close());

  describe("CreateToken and VerifyToken", () => {
    it("lets A prove to B that it may call B, and only to B", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const c = await env.newMachine(instance, "c");
      const a = await env.newMachine(instance, "a", [b.id]);

      const created = await a.tokens.createToken({ claims: { tenant: "acme", level: 3 } });
      expect(created.secret).toMatch(TOKEN);
      expect(created.token?.id).toMatch(TOKEN_ID);
      expect(created.token?.subject).toBe(a.id);
      expect(created.token?.scopes).toEqual([b.id]);
      expect(created.token?.claims).toEqual({ tenant: "acme", level: 3 });
      const lifetime =
        timestampDate(created.token?.expireTime as never).getTime() -
        timestampDate(created.token?.createTime as never).getTime();
      expect(lifetime).toBe(3600_000);

      const verified = await b.tokens.verifyToken({ token: created.secret });
      expect(verified.token?.subject).toBe(a.id);
      // Uses are written in batches, within about a second.
      await env.app.credentials.flushUses();
      const [listed] = (await a.tokens.listTokens({})).tokens;
      expect(listed?.lastUsedTime).toEqual(verified.token?.lastUsedTime);
      expect(verified.token?.claims).toEqual({ tenant: "acme", level: 3 });
      expect(verified.token?.lastUsedTime).toBeDefined();

      const wrongReceiver = await failure(c.tokens.verifyToken({ token: created.secret }));
      expect(wrongReceiver.code).toBe(Code.PermissionDenied);
      expect(reasonOf(wrongReceiver)).toBe("TOKEN_NOT_FOR_RECEIVER");
      const subjectItself = await failure(a.tokens.verifyToken({ token: created.secret }));
      expect(reasonOf(subjectItself)).toBe("TOKEN_NOT_FOR_RECEIVER");
    });

    it("keeps the scopes a token was made with, whatever happens to the scopes later", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const c = await env.newMachine(instance, "c");
      const a = await env.newMachine(instance, "a", [b.id]);
      const before = await a.tokens.createToken({});
      await instance.machines.deleteMachineScope({ machineId: a.id, otherMachineId: b.id });
      await instance.machines.createMachineScope({ machineId: a.id, toMachineId: c.id });
      expect((await b.tokens.verifyToken({ token: before.secret })).token?.scopes).toEqual([b.id]);
      expect(reasonOf(await failure(c.tokens.verifyToken({ token: before.secret })))).toBe("TOKEN_NOT_FOR_RECEIVER");
      const after = await a.tokens.createToken({});
      expect((await c.tokens.verifyToken({ token: after.secret })).token?.scopes).toEqual([c.id]);
    });

    it("refuses an instance key for CreateToken and a machine key for MachineService", async () => {
      const instance = await env.newInstance();
      const a = await env.newMachine(instance, "a");
      const admin = createClient(TokenService, env.transportWithKey(instance.secret));
      const denied = await failure(admin.createToken({}));
      expect(denied.code).toBe(Code.PermissionDenied);
      const asMachine = createClient(MachineService, env.transportWithKey(a.secretKey));
      expect((await failure(asMachine.getMachine({ id: a.id }))).code).toBe(Code.PermissionDenied);
    });

    it("verifies with an instance key only for a named receiver", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const { secret } = await a.tokens.createToken({});
      const admin = createClient(TokenService, env.transportWithKey(instance.secret));
      const missing = await failure(admin.verifyToken({ token: secret }));
      expect(missing.code).toBe(Code.InvalidArgument);
      expect(missing.rawMessage).toMatch(/^receiver_machine_id: /);
      expect((await admin.verifyToken({ token: secret, receiverMachineId: b.id })).token?.subject).toBe(a.id);
      expect(reasonOf(await failure(admin.verifyToken({ token: secret, receiverMachineId: a.id })))).toBe(
        "TOKEN_NOT_FOR_RECEIVER",
      );
      const other = await failure(b.tokens.verifyToken({ token: secret, receiverMachineId: a.id }));
      expect(other.code).toBe(Code.PermissionDenied);
    });

    it("says unknown for a made-up token and for a token of another instance", async () => {
      const instance = await env.newInstance();
      const other = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const foreignB = await env.newMachine(other, "b");
      const foreignA = await env.newMachine(other, "a", [foreignB.id]);
      const { secret } = await foreignA.tokens.createToken({});
      for (const token of [secret, "mt_nonsense", `mt_${"x".repeat(43)}`]) {
        const error = await failure(b.tokens.verifyToken({ token }));
        expect(error.code).toBe(Code.NotFound);
      }
      expect((await failure(b.tokens.verifyToken({ token: "" }))).rawMessage).toMatch(/^token: /);
    });

    it("bounds the lifetime, the reuse threshold and the claims", async () => {
      const instance = await env.newInstance();
      const a = await env.newMachine(instance, "a");
      for (const secondsUntilExpiration of [1n, 315_360_000n]) {
        expect((await a.tokens.createToken({ secondsUntilExpiration })).secret).toMatch(TOKEN);
      }
      const cases = [
        [{ secondsUntilExpiration: 0n }, /^seconds_until_expiration: /],
        [{ secondsUntilExpiration: 315_360_001n }, /^seconds_until_expiration: /],
        [{ secondsUntilExpiration: 60n, minRemainingTtlSeconds: 60n }, /^min_remaining_ttl_seconds: /],
        [{ minRemainingTtlSeconds: -1n }, /^min_remaining_ttl_seconds: /],
        // Against the machine's default lifetime, which is read with the minting key.
        [{ minRemainingTtlSeconds: 315_360_000n }, /^min_remaining_ttl_seconds: must be less than the token lifetime/],
        [{ claims: { sub: "someone-else" } }, /^claims: "sub" is a reserved/],
        ...RESERVED_SAMPLE.map((name) => [{ claims: { tenant: "acme", [name]: "x" } }, reservedMessage(name)] as const),
        [{ claims: { big: "x".repeat(4100) } }, /^claims: must be at most 4096 bytes/],
      ] as const;
      for (const [request, message] of cases) {
        const error = await failure(a.tokens.createToken(request));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(message);
      }
      expect((await a.tokens.createToken({ claims: { big: "x".repeat(4000) } })).secret).toMatch(TOKEN);
    });

    it("never shows a reserved name from an old row's claims as a claim", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const { secret, token } = await a.tokens.createToken({ claims: { tenant: "acme" } });
      const forged = { tenant: "acme", client_id: b.id, scope: "admin:*", username: "root", active: false };
      await env.database
        .fork()
        .execute("update machine_token set claims = ? where id = ?", [JSON.stringify(forged), token?.id]);
      env.app.credentials.drop(`token:${token?.id}`);
      const verified = await b.tokens.verifyToken({ token: secret });
      expect(verified.token?.subject).toBe(a.id);
      expect(verified.token?.claims).toEqual({ tenant: "acme" });
    });

    it("reuses a live token with the same claims and scopes when asked", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const first = await a.tokens.createToken({
        claims: { x: 1, y: [1, 2] },
        secondsUntilExpiration: 100n,
        minRemainingTtlSeconds: 60n,
      });
      expect(first.reused).toBe(false);
      const same = await a.tokens.createToken({ claims: { y: [1, 2], x: 1 }, minRemainingTtlSeconds: 60n });
      expect(same.reused).toBe(true);
      expect(same.secret).toBe(first.secret);
      expect(same.token?.id).toBe(first.token?.id);

      // The first token has at most 100 s left: not enough for 200.
      const tooShort = await a.tokens.createToken({ claims: { x: 1, y: [1, 2] }, minRemainingTtlSeconds: 200n });
      expect(tooShort.reused).toBe(false);
      const otherClaims = await a.tokens.createToken({ claims: { x: 2 }, minRemainingTtlSeconds: 60n });
      expect(otherClaims.reused).toBe(false);
      await instance.machines.deleteMachineScope({ machineId: a.id, otherMachineId: b.id });
      const otherScopes = await a.tokens.createToken({ claims: { x: 1, y: [1, 2] }, minRemainingTtlSeconds: 60n });
      expect(otherScopes.reused).toBe(false);
    });
    it("gives concurrent requests with min_remaining_ttl_seconds one shared token", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          a.tokens.createToken({ claims: { job: "sync" }, minRemainingTtlSeconds: 60n }),
        ),
      );
      expect(new Set(results.map((r) => r.token?.id)).size).toBe(1);
      expect(results.filter((r) => !r.reused)).toHaveLength(1);
      const listed = await a.tokens.listTokens({});
      expect(listed.tokens).toHaveLength(1);
    });
  });

  describe("consistency tokens", () => {
    it("CreateToken, RevokeToken and RotateSigningKey return a token that the reads taking one accept", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const byInstance = createClient(TokenService, env.transportWithKey(instance.secret));
      const created = await a.tokens.createToken({});
      const jwt = await a.tokens.createToken({ format: TokenFormat.JWT });
      const revoked = await a.tokens.revokeToken({ id: created.token?.id as string, reason: "done" });
      const rotated = await byInstance.rotateSigningKey({});
      const written = [created, jwt, revoked, rotated].map((response) => response.consistencyToken);
      const position = (token: string) => BigInt(`0x${token.split(".")[1]}`);
      for (const token of written) expect(token).toMatch(/^ct1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
      for (let i = 1; i < written.length; i++) {
        expect(position(written[i] as string)).toBeGreaterThan(position(written[i - 1] as string));
      }
      // Every one is a token latchkey issued: a read at least as fresh as it is answered, not refused.
      for (const token of written) {
        const got = await instance.machines.getMachine({
          id: a.id,
          consistency: { requirement: { case: "atLeastAsFresh", value: token } },
        });
        expect(got.machine?.id).toBe(a.id);
        expect(position(got.consistencyToken)).toBeGreaterThanOrEqual(position(token));
      }
      // A reused token (min_remaining_ttl_seconds) writes nothing and still says where it stands.
      const reused = await a.tokens.createToken({ format: TokenFormat.OPAQUE, minRemainingTtlSeconds: 60n });
      const again = await a.tokens.createToken({ format: TokenFormat.OPAQUE, minRemainingTtlSeconds: 60n });
      expect(again.reused).toBe(true);
      expect(position(again.consistencyToken)).toBeGreaterThanOrEqual(position(reused.consistencyToken));
    });
  });

  describe("RevokeToken and ListTokens", () => {
    it("revocation is effective on the very next verify, and is idempotent", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const { secret, token } = await a.tokens.createToken({});
      await b.tokens.verifyToken({ token: secret });
      const revoked = await a.tokens.revokeToken({ id: token?.id as string, reason: "leaked in CI logs" });
      expect(revoked.token).toMatchObject({ revoked: true, revocationReason: "leaked in CI logs" });
      const error = await failure(b.tokens.verifyToken({ token: secret }));
      expect(error.code).toBe(Code.PermissionDenied);
      expect(reasonOf(error)).toBe("TOKEN_REVOKED");
      const again = await a.tokens.revokeToken({ id: token?.id as string, reason: "second reason" });
      expect(again.token?.revocationReason).toBe("leaked in CI logs");
    });

    it("a machine may revoke only its own tokens; the instance key any", async () => {
      const instance = await env.newInstance();
      const a = await env.newMachine(instance, "a");
      const b = await env.newMachine(instance, "b");
      const { token } = await a.tokens.createToken({});
      expect((await failure(b.tokens.revokeToken({ id: token?.id as string }))).code).toBe(Code.NotFound);
      const admin = createClient(TokenService, env.transportWithKey(instance.secret));
      expect((await admin.revokeToken({ id: token?.id as string })).token?.revoked).toBe(true);
      expect((await failure(admin.revokeToken({ id: "mt_123" }))).rawMessage).toMatch(/^id: /);
      expect((await failure(admin.revokeToken({ id: `mt_${"0".repeat(32)}` }))).code).toBe(Code.NotFound);
    });

    it("lists a machine's tokens newest first, with filters and pages", async () => {
      const instance = await env.newInstance();
      const a = await env.newMachine(instance, "a");
      const b = await env.newMachine(instance, "b");
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await a.tokens.createToken({})).token?.id as string);
      await b.tokens.createToken({});
      await a.tokens.revokeToken({ id: ids[0] as string });

      const first = await a.tokens.listTokens({ pageSize: 2 });
      expect(first.totalCount).toBe(4n);
      expect(first.tokens.map((t) => t.id)).toEqual([ids[4], ids[3]]);
      const second = await a.tokens.listTokens({ pageSize: 2, pageToken: first.nextPageToken });
      expect(second.tokens.map((t) => t.id)).toEqual([ids[2], ids[1]]);
      expect(second.nextPageToken).toBe("");

      const all = await a.tokens.listTokens({ includeRevoked: true, pageSize: 100 });
      expect(all.tokens.map((t) => t.id)).toEqual([...ids].reverse());
      expect((await failure(a.tokens.listTokens({ subjectMachineId: b.id }))).code).toBe(Code.PermissionDenied);
      const admin = createClient(TokenService, env.transportWithKey(instance.secret));
      expect((await admin.listTokens({ subjectMachineId: b.id })).totalCount).toBe(1n);
      expect((await failure(admin.listTokens({}))).rawMessage).toMatch(/^subject_machine_id: /);
      expect((await failure(a.tokens.listTokens({ pageSize: 101 }))).rawMessage).toMatch(/^page_size: /);
      expect((await failure(a.tokens.listTokens({ pageToken: "junk" }))).rawMessage).toMatch(/^page_token: /);
    });
  });

  describe("token lifetimes follow the machines and keys behind them", () => {
    it("a token stops verifying when it expires", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const { secret } = await a.tokens.createToken({ secondsUntilExpiration: 1n });
      await b.tokens.verifyToken({ token: secret });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const error = await failure(b.tokens.verifyToken({ token: secret }));
      expect(reasonOf(error)).toBe("TOKEN_EXPIRED");
      expect((await a.tokens.listTokens({})).totalCount).toBe(0n);
      expect((await a.tokens.listTokens({ includeExpired: true })).tokens[0]?.expired).toBe(true);
    });

    it("deleting the subject machine makes its tokens unknown", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const { secret } = await a.tokens.createToken({});
      await instance.machines.deleteMachine({ id: a.id });
      expect((await failure(b.tokens.verifyToken({ token: secret }))).code).toBe(Code.NotFound);
    });

    it("rotating the subject's key cuts its tokens to the old key's grace period", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const beforeGraceRotation = await a.tokens.createToken({});
      await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 60n });
      const cut = await b.tokens.verifyToken({ token: beforeGraceRotation.secret });
      const left = timestampDate(cut.token?.expireTime as never).getTime() - Date.now();
      expect(left).toBeGreaterThan(50_000);
      expect(left).toBeLessThanOrEqual(60_000);

      await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
      const error = await failure(b.tokens.verifyToken({ token: beforeGraceRotation.secret }));
      expect(reasonOf(error)).toBe("TOKEN_EXPIRED");
    });

    it("a token minted during a grace period expires with the old key, whatever lifetime it asks", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 60n });
      const graceEnd = ms(rotated.previousKeyExpireTime);
      const long = { secondsUntilExpiration: 315_360_000n };
      const opaque = await a.tokens.createToken(long);
      const jwt = await a.tokens.createToken({ ...long, format: TokenFormat.JWT });
      for (const minted of [opaque, jwt]) {
        expect(ms(minted.token?.expireTime)).toBeLessThanOrEqual(graceEnd);
        expect(ms(minted.token?.expireTime)).toBeGreaterThan(graceEnd - 2_000);
        expect(ms((await b.tokens.verifyToken({ token: minted.secret })).token?.expireTime)).toBeLessThanOrEqual(
          graceEnd,
        );
      }
      // The new key mints for the full lifetime.
      const withNewKey = createClient(TokenService, env.transportWithKey(rotated.secretKey));
      const fresh = await withNewKey.createToken(long);
      expect(ms(fresh.token?.expireTime)).toBeGreaterThan(Date.now() + 315_000_000_000);

      // A second rotation ends the old key: everything it minted goes with it.
      await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
      for (const minted of [opaque, jwt]) {
        expect(reasonOf(await failure(b.tokens.verifyToken({ token: minted.secret })))).toBe("TOKEN_EXPIRED");
      }
    });

    it("a grace-0 rotation ends the old key's JWTs at once for VerifyToken; a grace period caps them", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const jwt = await a.tokens.createToken({ format: TokenFormat.JWT });
      const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 30n });
      const capped = await b.tokens.verifyToken({ token: jwt.secret });
      expect(ms(capped.token?.expireTime)).toBe(ms(rotated.previousKeyExpireTime));

      const withNewKey = createClient(TokenService, env.transportWithKey(rotated.secretKey));
      const jwtOfNewKey = await withNewKey.createToken({ format: TokenFormat.JWT });
      await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
      for (const token of [jwt.secret, jwtOfNewKey.secret]) {
        const error = await failure(b.tokens.verifyToken({ token }));
        expect(error.code).toBe(Code.PermissionDenied);
        expect(reasonOf(error)).toBe("TOKEN_EXPIRED");
      }
    });

    it("a rotation's update_time is when it happened; the cut shows in expire_time", async () => {
      const instance = await env.newInstance();
      const a = await env.newMachine(instance, "a");
      const { token } = await a.tokens.createToken({});
      const before = Date.now();
      const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 600n });
      const after = Date.now();
      const admin = createClient(TokenService, env.transportWithKey(instance.secret));
      const [listed] = (await admin.listTokens({ subjectMachineId: a.id })).tokens;
      expect(listed?.id).toBe(token?.id);
      expect(ms(listed?.expireTime)).toBe(ms(rotated.previousKeyExpireTime));
      expect(ms(listed?.updateTime)).toBeGreaterThanOrEqual(before);
      expect(ms(listed?.updateTime)).toBeLessThanOrEqual(after);
    });

    it("the upgrade migration ends stored tokens of ended keys and brings back future update times", async () => {
      const instance = await env.newInstance();
      const b = await env.newMachine(instance, "b");
      const a = await env.newMachine(instance, "a", [b.id]);
      const escaped = await a.tokens.createToken({});
      const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 600n });
      const graceMint = await a.tokens.createToken({});
      // Rows as the old code could leave them: one minted with a key since deleted that escaped its
      // rotation's cut, one of the previous key not cut, with update_time set to the grace end.
      const db = env.database.fork();
      const farFuture = new Date(Date.now() + 86_400_000 * 365);
      await db.execute("update machine_token set minted_with_key_id = ?, expire_time = ? where id = ?", [
        "msk_deleted",
        farFuture,
        escaped.token?.id,
      ]);
      await db.execute("update machine_token set expire_time = ?, update_time = ? where id = ?", [
        farFuture,
        timestampDate(rotated.previousKeyExpireTime as never),
        graceMint.token?.id,
      ]);
      const migration = new Migration20261130130000(db.getDriver(), env.database.orm.config);
      await migration.up();
      for (const query of migration.getQueries()) await db.execute(query as string);
      env.app.credentials.drop(`machine:${a.id}`);

      expect(reasonOf(await failure(b.tokens.verifyToken({ token: escaped.secret })))).toBe("TOKEN_EXPIRED");
      const capped = await b.tokens.verifyToken({ token: graceMint.secret });
      expect(ms(capped.token?.expireTime)).toBe(ms(rotated.previousKeyExpireTime));
      expect(ms(capped.token?.updateTime)).toBeLessThanOrEqual(Date.now());
    });

    it("a rotated-out key can no longer make tokens", async () => {
      const instance = await env.newInstance();
      const a = await env.newMachine(instance, "a");
      await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
      expect((await failure(a.tokens.createToken({}))).code).toBe(Code.Unauthenticated);
    });
  });
});

// One rotation racing many mints: whatever the interleaving, no token the old
// key minted outlives a grace-0 rotation, whichever online check is asked.
describe("minting races a key rotation", () => {
  let raceEnv: TestEnv;
  beforeAll(async () => {
    raceEnv = await startTestEnv("gRPC on a real port");
  });
  afterAll(() => raceEnv.close());

  const MINTS = 100;
  const ROUNDS = 20;

  it(`${MINTS} concurrent mints against a grace-0 rotation, ${ROUNDS} rounds: zero survivors`, async () => {
    const instance = await raceEnv.newInstance();
    const b = await raceEnv.newMachine(instance, "b");
    const url = raceEnv.url as string;
    const basicOfB = `Basic ${Buffer.from(`${b.id}:${b.secretKey}`).toString("base64")}`;
    const introspect = async (token: string) => {
      const res = await fetch(`${url}/oauth/introspect`, {
        method: "POST",
        headers: { authorization: basicOfB, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token }),
      });
      return ((await res.json()) as { active: boolean }).active;
    };
    const restVerify = async (token: string) => {
      const res = await fetch(`${url}/m2m_tokens/verify`, {
        method: "POST",
        headers: { authorization: `Bearer ${b.secretKey}`, "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
      return res.status;
    };
    let minted = 0;
    let refusedMints = 0;
    const survivors: string[] = [];
    // In-memory Connect clients for the mints and VerifyToken: the race is in the database, not the transport.
    const inMemory = (key: string) => inMemoryTransport(raceEnv.app, key);
    const client = (key: string) => createClient(TokenService, inMemory(key));
    const machines = createClient(MachineService, inMemory(instance.secret));
    const asB = client(b.secretKey);
    for (let round = 0; round < ROUNDS; round++) {
      const a = await raceEnv.newMachine(instance, `a${round}`, [b.id]);
      const asA = client(a.secretKey);
      // One token before the race: it must die too, and its key is now cached, as a busy machine's is.
      const before = await asA.createToken({});
      // All calls start together; the rotation is sent after a random number of the mints.
      const rotateAt = Math.floor(Math.random() * MINTS);
      let rotation: Promise<unknown> | undefined;
      const mints = Array.from({ length: MINTS }, (_, i) => {
        if (i === rotateAt) {
          rotation = machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
        }
        const format = i % 2 === 0 ? TokenFormat.OPAQUE : TokenFormat.JWT;
        return asA.createToken({ format, secondsUntilExpiration: 3600n });
      });
      const [results] = await Promise.all([Promise.allSettled(mints), rotation]);
      const secrets: string[] = [before.secret];
      for (const result of results) {
        if (result.status === "fulfilled") {
          secrets.push(result.value.secret);
        } else {
          expect(ConnectError.from(result.reason).code).toBe(Code.Unauthenticated);
          refusedMints++;
        }
      }
      minted += secrets.length - 1;
      await Promise.all(
        secrets.map(async (token) => {
          const error = await asB.verifyToken({ token }).then(
            () => undefined,
            (e: unknown) => ConnectError.from(e),
          );
          if (error === undefined || reasonOf(error) !== "TOKEN_EXPIRED") survivors.push(`VerifyToken ${token}`);
        }),
      );
      // The HTTP checks share VerifyToken's code: asked for every tenth token, one at a time.
      for (const token of secrets.filter((_, i) => i % 10 === 0)) {
        if (await introspect(token)) survivors.push(`introspection ${token}`);
        if ((await restVerify(token)) !== 404) survivors.push(`REST verify ${token}`);
      }
    }
    expect(survivors).toEqual([]);
    // The race really ran: tokens were minted before the rotation and refused after it.
    expect(minted).toBeGreaterThan(0);
    expect(refusedMints).toBeGreaterThan(0);
  }, 120_000);
});
