import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEnv, type TestEnv, type TestInstance, type TestMachine } from "./harness.js";
import { clerkError, restClient } from "./rest-client.js";

let env: TestEnv;
let rest: ReturnType<typeof restClient>;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
  rest = restClient(env.url as string);
});
afterAll(() => env.close());

const TOKEN_ID = /^mt_[0-9a-f]{32}$/;
const OPAQUE = /^mt_[0-9A-Za-z]{43}$/;
const UNKNOWN_TOKEN_ID = `mt_${"0".repeat(32)}`;

/** Two machines of a fresh instance: `a` may call `b`. */
async function pair(): Promise<{ instance: TestInstance; a: TestMachine; b: TestMachine }> {
  const instance = await env.newInstance();
  const b = await env.newMachine(instance, "b");
  const a = await env.newMachine(instance, "a", [b.id]);
  return { instance, a, b };
}

async function createToken(machine: TestMachine, json: Record<string, unknown> = {}, path = "/m2m_tokens") {
  const res = await rest("POST", path, { key: machine.secretKey, json });
  expect(res.status).toBe(201);
  return res.body;
}

describe("POST /m2m_tokens", () => {
  it("answers 201 with the token object, the token itself, and millisecond times", async () => {
    const { a, b } = await pair();
    const res = await rest("POST", "/m2m_tokens", { key: a.secretKey, json: {} });
    expect(res.status).toBe(201);
    const body = res.body;
    expect(body).toEqual({
      object: "machine_to_machine_token",
      id: expect.stringMatching(TOKEN_ID),
      subject: a.id,
      scopes: [b.id],
      claims: null,
      revoked: false,
      revocation_reason: null,
      expired: false,
      expiration: body.created_at + 3_600_000,
      last_used_at: null,
      created_at: expect.toSatisfy((ms: number) => Math.abs(Date.now() - ms) < 60_000),
      updated_at: body.created_at,
      token: expect.stringMatching(OPAQUE),
    });
  });

  it("takes claims, seconds_until_expiration, token_format and min_remaining_ttl_seconds, with or without /v1", async () => {
    const { a } = await pair();
    const claimed = await createToken(
      a,
      { claims: { tenant: "acme" }, seconds_until_expiration: 60 },
      "/v1/m2m_tokens",
    );
    expect(claimed.claims).toEqual({ tenant: "acme" });
    expect(claimed.expiration - claimed.created_at).toBe(60_000);

    const reused = await createToken(a, { claims: { tenant: "acme" }, min_remaining_ttl_seconds: 30 });
    expect(reused.id).toBe(claimed.id);
    expect(reused.token).toBe(claimed.token);

    const nulls = await createToken(a, { seconds_until_expiration: null, claims: null, token_format: "opaque" });
    expect(nulls.expiration - nulls.created_at).toBe(3_600_000);

    const jwt = await createToken(a, { token_format: "jwt", claims: { tenant: "acme" } });
    expect(jwt.token.split(".")).toHaveLength(3);
    expect(decodeJwt(jwt.token)).toMatchObject({ sub: a.id, jti: jwt.id, tenant: "acme" });
    expect(jwt).toMatchObject({ object: "machine_to_machine_token", revoked: false, last_used_at: null });
  });

  it("answers 401 machine_secret_key_invalid for an instance key, 401 without a key", async () => {
    const { instance } = await pair();
    const res = await rest("POST", "/m2m_tokens", { key: instance.secret, json: {} });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(clerkError("machine_secret_key_invalid", { reason: "MACHINE_KEY_REQUIRED" }));
    const none = await rest("POST", "/m2m_tokens", { json: {} });
    expect(none.status).toBe(401);
    expect(none.body).toEqual(clerkError("authentication_invalid"));
  });

  it("answers 422 naming the parameter", async () => {
    const { a } = await pair();
    const cases: [Record<string, unknown>, string][] = [
      [{ token_format: "paseto" }, "token_format"],
      [{ seconds_until_expiration: 0 }, "seconds_until_expiration"],
      [{ seconds_until_expiration: "60" }, "seconds_until_expiration"],
      [{ claims: ["x"] }, "claims"],
      [{ claims: { sub: "me" } }, "claims"],
      [{ min_remaining_ttl_seconds: 3600 }, "min_remaining_ttl_seconds"],
      [{ token_format: "jwt", min_remaining_ttl_seconds: 1 }, "min_remaining_ttl_seconds"],
      [{ tokenFormat: "jwt" }, "tokenFormat"],
    ];
    for (const [json, param] of cases) {
      const res = await rest("POST", "/m2m_tokens", { key: a.secretKey, json });
      expect(res.status, JSON.stringify(json)).toBe(422);
      expect(res.body).toEqual(clerkError("form_param_value_invalid", { param_name: param }));
    }
  });

  it("refuses the standard claim names with 422 naming the claim, as CreateToken does", async () => {
    const { a } = await pair();
    for (const name of ["client_id", "scope", "active", "token_type", "username", "act", "cnf", "azp", "amr"]) {
      for (const token_format of ["opaque", "jwt"]) {
        const json = { token_format, claims: { tenant: "acme", [name]: "x" } };
        const res = await rest("POST", "/m2m_tokens", { key: a.secretKey, json });
        expect(res.status, name).toBe(422);
        expect(res.body).toEqual(clerkError("form_param_value_invalid", { param_name: "claims" }));
        expect(res.body.errors[0].long_message).toContain(`"${name}" is a reserved claim name`);
      }
    }
  });
});

describe("POST /m2m_tokens/verify", () => {
  it("answers 200 with the token object (no token) for the receiver, and records the use", async () => {
    const { a, b } = await pair();
    const created = await createToken(a);
    const res = await rest("POST", "/m2m_tokens/verify", { key: b.secretKey, json: { token: created.token } });
    expect(res.status).toBe(200);
    const { token: _token, ...withoutToken } = created;
    expect(res.body).toEqual({
      ...withoutToken,
      last_used_at: expect.toSatisfy((ms: number) => ms >= created.created_at),
    });
    const viaV1 = await rest("POST", "/v1/m2m_tokens/verify", { key: b.secretKey, json: { token: created.token } });
    expect(viaV1.status).toBe(200);

    const jwt = await createToken(a, { token_format: "jwt" });
    const jwtVerified = await rest("POST", "/m2m_tokens/verify", { key: b.secretKey, json: { token: jwt.token } });
    expect(jwtVerified.status).toBe(200);
    expect(jwtVerified.body).toMatchObject({ id: jwt.id, subject: a.id, scopes: [b.id], expired: false });
    expect(jwtVerified.body.token).toBeUndefined();
  });

  it("always checks the receiver: another machine gets 404 token_not_for_receiver", async () => {
    const { instance, a } = await pair();
    const c = await env.newMachine(instance, "c");
    const created = await createToken(a);
    for (const token of [created.token, (await createToken(a, { token_format: "jwt" })).token]) {
      const res = await rest("POST", "/m2m_tokens/verify", { key: c.secretKey, json: { token } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(clerkError("token_not_for_receiver", { reason: "TOKEN_NOT_FOR_RECEIVER" }));
    }
  });

  it("with an instance key needs receiver_machine_id (422) and checks it", async () => {
    const { instance, a, b } = await pair();
    const created = await createToken(a);
    const missing = await rest("POST", "/m2m_tokens/verify", { key: instance.secret, json: { token: created.token } });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual(clerkError("form_param_value_invalid", { param_name: "receiver_machine_id" }));
    const named = await rest("POST", "/m2m_tokens/verify", {
      key: instance.secret,
      json: { token: created.token, receiver_machine_id: b.id },
    });
    expect(named).toMatchObject({ status: 200, body: { id: created.id } });
    const wrong = await rest("POST", "/m2m_tokens/verify", {
      key: instance.secret,
      json: { token: created.token, receiver_machine_id: a.id },
    });
    expect(wrong.status).toBe(404);
    const otherReceiver = await rest("POST", "/m2m_tokens/verify", {
      key: b.secretKey,
      json: { token: created.token, receiver_machine_id: a.id },
    });
    expect(otherReceiver.status).toBe(403);
    expect(otherReceiver.body).toEqual(clerkError("authorization_invalid", { reason: "OTHER_MACHINE" }));
  });

  it("answers 404 for revoked, expired and unknown tokens, 422 without a token", async () => {
    const { a, b } = await pair();
    const verify = (json: unknown) => rest("POST", "/m2m_tokens/verify", { key: b.secretKey, json });
    const revoked = await createToken(a);
    await rest("POST", `/m2m_tokens/${revoked.id}/revoke`, { key: a.secretKey, json: {} });
    expect((await verify({ token: revoked.token })).body).toEqual(clerkError("token_revoked"));
    const short = await createToken(a, { seconds_until_expiration: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await verify({ token: short.token });
    expect(expired.status).toBe(404);
    expect(expired.body).toEqual(clerkError("token_expired"));
    const unknown = await verify({ token: `mt_${"A".repeat(43)}` });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(clerkError("resource_not_found", { reason: "TOKEN_NOT_FOUND" }));
    expect((await verify({ token: "not.a.jwt" })).status).toBe(404);
    const none = await verify({});
    expect(none.status).toBe(422);
    expect(none.body).toEqual(clerkError("form_param_value_invalid", { param_name: "token" }));
  });
});

describe("POST /m2m_tokens/verify after a key rotation", () => {
  it("answers 404 token_expired for every token of a key a grace-0 rotation ended, JWTs included", async () => {
    const { instance, a, b } = await pair();
    const opaque = await createToken(a);
    const jwt = await createToken(a, { token_format: "jwt" });
    const verify = (token: string) => rest("POST", "/m2m_tokens/verify", { key: b.secretKey, json: { token } });
    expect((await verify(jwt.token)).status).toBe(200);
    await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
    for (const token of [opaque.token, jwt.token]) {
      const res = await verify(token);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(clerkError("token_expired"));
    }
  });

  it("caps what the old key mints in its grace period at the grace end, and says when the cut happened", async () => {
    const { instance, a, b } = await pair();
    const earlier = await createToken(a);
    const rotatedAfter = Date.now();
    const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 60n });
    const rotatedBefore = Date.now();
    const graceEnd = timestampDate(rotated.previousKeyExpireTime as Timestamp).getTime();
    for (const token_format of ["opaque", "jwt"]) {
      const minted = await createToken(a, { token_format, seconds_until_expiration: 315_360_000 });
      expect(minted.expiration).toBeLessThanOrEqual(graceEnd);
      expect(minted.expiration).toBeGreaterThan(graceEnd - 2_000);
    }
    const listed = await rest("GET", `/m2m_tokens?subject=${a.id}`, { key: a.secretKey });
    const cut = listed.body.m2m_tokens.find((t: { id: string }) => t.id === earlier.id);
    expect(cut.expiration).toBe(graceEnd);
    expect(cut.updated_at).toBeGreaterThanOrEqual(rotatedAfter);
    expect(cut.updated_at).toBeLessThanOrEqual(rotatedBefore);
    const verified = await rest("POST", "/m2m_tokens/verify", { key: b.secretKey, json: { token: earlier.token } });
    expect(verified.body.expiration).toBe(graceEnd);
  });
});

describe("GET /m2m_tokens", () => {
  it("answers {m2m_tokens, total_count}, newest first, with revoked/expired filters and limit/offset", async () => {
    const { instance, a } = await pair();
    const first = await createToken(a);
    const second = await createToken(a);
    const third = await createToken(a);
    await rest("POST", `/m2m_tokens/${first.id}/revoke`, { key: a.secretKey, json: { revocation_reason: "leak" } });

    const mine = await rest("GET", `/m2m_tokens?subject=${a.id}`, { key: a.secretKey });
    expect(mine.status).toBe(200);
    expect(Object.keys(mine.body).sort()).toEqual(["m2m_tokens", "total_count"]);
    expect(mine.body.total_count).toBe(2);
    const { token: _t, ...thirdWithoutToken } = third;
    expect(mine.body.m2m_tokens[0]).toEqual(thirdWithoutToken);
    expect(mine.body.m2m_tokens.map((t: { id: string }) => t.id)).toEqual([third.id, second.id]);

    const withRevoked = await rest("GET", `/v1/m2m_tokens?subject=${a.id}&revoked=true&limit=2&offset=1`, {
      key: instance.secret,
    });
    expect(withRevoked.body.total_count).toBe(3);
    expect(withRevoked.body.m2m_tokens.map((t: { id: string }) => t.id)).toEqual([second.id, first.id]);
    expect(withRevoked.body.m2m_tokens[1]).toMatchObject({ revoked: true, revocation_reason: "leak" });

    const short = await createToken(a, { seconds_until_expiration: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ids = async (qs: string) =>
      (await rest("GET", `/m2m_tokens?${qs}`, { key: a.secretKey })).body.m2m_tokens.map((t: { id: string }) => t.id);
    expect(await ids("")).toEqual([third.id, second.id]);
    expect(await ids("expired=true")).toEqual([short.id, third.id, second.id]);
    expect((await rest("GET", "/m2m_tokens?expired=true", { key: a.secretKey })).body.m2m_tokens[0].expired).toBe(true);
  });

  it("answers 403 for another machine's tokens, 422 for bad parameters, 404 for an unknown subject", async () => {
    const { instance, a, b } = await pair();
    const other = await rest("GET", `/m2m_tokens?subject=${b.id}`, { key: a.secretKey });
    expect(other.status).toBe(403);
    expect(other.body).toEqual(clerkError("authorization_invalid", { reason: "OTHER_MACHINE" }));
    const bad: [string, string][] = [
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["offset=-1", "offset"],
      ["revoked=yes", "revoked"],
      ["expired=1", "expired"],
    ];
    for (const [qs, param] of bad) {
      const res = await rest("GET", `/m2m_tokens?${qs}`, { key: a.secretKey });
      expect(res.status, qs).toBe(422);
      expect(res.body).toEqual(clerkError("form_param_value_invalid", { param_name: param }));
    }
    expect((await rest("GET", "/m2m_tokens?limit=100", { key: a.secretKey })).status).toBe(200);
    const noSubject = await rest("GET", "/m2m_tokens", { key: instance.secret });
    expect(noSubject.status).toBe(422);
    expect(noSubject.body).toEqual(clerkError("form_param_value_invalid", { param_name: "subject" }));
    const unknown = await rest("GET", `/m2m_tokens?subject=mch_${"0".repeat(27)}`, { key: instance.secret });
    expect(unknown.status).toBe(404);
  });
});

describe("POST /m2m_tokens/{id}/revoke", () => {
  it("answers 200 with the revoked token; keeps the first reason; another machine gets 404", async () => {
    const { instance, a, b } = await pair();
    const created = await createToken(a);
    const revoked = await rest("POST", `/m2m_tokens/${created.id}/revoke`, {
      key: a.secretKey,
      json: { revocation_reason: "rotated" },
    });
    expect(revoked.status).toBe(200);
    const { token: _t, ...withoutToken } = created;
    expect(revoked.body).toEqual({
      ...withoutToken,
      revoked: true,
      revocation_reason: "rotated",
      updated_at: expect.toSatisfy((ms: number) => ms >= created.updated_at),
    });
    const again = await rest("POST", `/v1/m2m_tokens/${created.id}/revoke`, {
      key: instance.secret,
      json: { revocation_reason: "other" },
    });
    expect(again.body).toMatchObject({ revoked: true, revocation_reason: "rotated" });

    const second = await createToken(a);
    const byB = await rest("POST", `/m2m_tokens/${second.id}/revoke`, { key: b.secretKey, json: {} });
    expect(byB.status).toBe(404);
    expect(byB.body).toEqual(clerkError("resource_not_found"));
    const noBody = await rest("POST", `/m2m_tokens/${second.id}/revoke`, { key: instance.secret });
    expect(noBody).toMatchObject({ status: 200, body: { revoked: true, revocation_reason: null } });
  });

  it("answers 422 for a malformed id or reason, 404 for an unknown id, 401 without a key", async () => {
    const { a } = await pair();
    const malformed = await rest("POST", "/m2m_tokens/mt_xyz/revoke", { key: a.secretKey, json: {} });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toEqual(clerkError("form_param_value_invalid", { param_name: "m2m_token_id" }));
    const long = await rest("POST", `/m2m_tokens/${UNKNOWN_TOKEN_ID}/revoke`, {
      key: a.secretKey,
      json: { revocation_reason: "x".repeat(256) },
    });
    expect(long.status).toBe(422);
    expect(long.body).toEqual(clerkError("form_param_value_invalid", { param_name: "revocation_reason" }));
    const unknown = await rest("POST", `/m2m_tokens/${UNKNOWN_TOKEN_ID}/revoke`, { key: a.secretKey, json: {} });
    expect(unknown.status).toBe(404);
    const none = await rest("POST", `/m2m_tokens/${UNKNOWN_TOKEN_ID}/revoke`, { json: {} });
    expect(none.status).toBe(401);
    expect(none.body).toEqual(clerkError("authentication_invalid"));
  });
});
