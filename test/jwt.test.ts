import { type Timestamp, timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, createClient } from "@connectrpc/connect";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenFormat } from "../gen/ts/latchkey/token/v1/token_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { SigningKeyRepository } from "../src/db/signing-key-repository.js";
import { signJwt } from "../src/domain/jwt.js";
import { failure, startTestEnv, type TestEnv } from "./harness.js";

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
});
afterAll(() => env.close());

const jwksUrl = (instanceId: string) => new URL(`${env.url}/instances/${instanceId}/.well-known/jwks.json`);

describe("JWT machine tokens", () => {
  it("verify with a third-party JOSE library against the published JWKS, for the right audience only", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const { secret, token } = await a.tokens.createToken({ format: TokenFormat.JWT, claims: { region: "eu" } });
    expect(token?.format).toBe(TokenFormat.JWT);
    expect(decodeProtectedHeader(secret)).toMatchObject({ alg: "ES256", typ: "latchkey-machine+jwt" });

    const jwks = createRemoteJWKSet(jwksUrl(instance.instanceId));
    const { payload } = await jwtVerify(secret, jwks, {
      audience: b.id,
      issuer: `${env.url}/instances/${instance.instanceId}`,
      typ: "latchkey-machine+jwt",
      algorithms: ["ES256"],
    });
    expect(payload).toMatchObject({
      sub: a.id,
      aud: [b.id],
      client_id: a.id,
      scope: b.id,
      scopes: b.id,
      jti: token?.id,
      region: "eu",
      latchkey_key_id: expect.stringMatching(/^msk_/),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    await expect(jwtVerify(secret, jwks, { audience: a.id })).rejects.toThrow(/aud/);
  });

  it("VerifyToken checks the receiver, the signature and the subject", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const c = await env.newMachine(instance, "c");
    const a = await env.newMachine(instance, "a", [b.id]);
    const { secret } = await a.tokens.createToken({ format: TokenFormat.JWT, claims: { region: "eu" } });
    const verified = await b.tokens.verifyToken({ token: secret });
    expect(verified.token).toMatchObject({
      subject: a.id,
      scopes: [b.id],
      claims: { region: "eu" },
      format: TokenFormat.JWT,
    });
    const wrong = await failure(c.tokens.verifyToken({ token: secret }));
    expect(wrong.code).toBe(Code.PermissionDenied);
    expect(wrong.metadata.get("latchkey-error-reason")).toBe("TOKEN_NOT_FOR_RECEIVER");

    const [header, payload, signature] = secret.split(".") as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), aud: [c.id] }),
    ).toString("base64url");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "latchkey-machine+jwt" })).toString("base64url")}.${payload}.`;
    for (const token of [`${header}.${forged}.${signature}`, unsigned, `${header}.${payload}`]) {
      expect((await failure(c.tokens.verifyToken({ token }))).code).toBe(Code.NotFound);
    }

    const other = await env.newInstance();
    const foreign = await env.newMachine(other, "b");
    expect((await failure(foreign.tokens.verifyToken({ token: secret }))).code).toBe(Code.NotFound);

    await instance.machines.deleteMachine({ id: a.id });
    expect((await failure(b.tokens.verifyToken({ token: secret }))).code).toBe(Code.NotFound);
  });

  it("ends with the key that minted it for online checks; offline verification cannot know", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const { secret } = await a.tokens.createToken({ format: TokenFormat.JWT });
    // Verified once first, so the server remembers its good signature: that must not outlive the key.
    expect((await b.tokens.verifyToken({ token: secret })).token?.subject).toBe(a.id);
    await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
    const refused = await failure(b.tokens.verifyToken({ token: secret }));
    expect(refused.code).toBe(Code.PermissionDenied);
    expect(refused.metadata.get("latchkey-error-reason")).toBe("TOKEN_EXPIRED");
    // The documented limit: the signature and exp still hold for a resource server verifying alone.
    const { payload } = await jwtVerify(secret, createRemoteJWKSet(jwksUrl(instance.instanceId)), { audience: b.id });
    expect(payload.sub).toBe(a.id);
  });

  it("minted with the old key in a grace period, it stops verifying when the grace period ends", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 2n });
    const { secret } = await a.tokens.createToken({ format: TokenFormat.JWT, secondsUntilExpiration: 315_360_000n });
    expect((await b.tokens.verifyToken({ token: secret })).token?.subject).toBe(a.id);
    const graceEnd = timestampDate(rotated.previousKeyExpireTime as Timestamp).getTime();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnd - Date.now()) + 100));
    const refused = await failure(b.tokens.verifyToken({ token: secret }));
    expect(refused.metadata.get("latchkey-error-reason")).toBe("TOKEN_EXPIRED");
  });

  it("a JWT signed before key claims and reserved names shows only its custom claims, and dies with its key", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const c = await env.newMachine(instance, "c");
    const a = await env.newMachine(instance, "a", [b.id]);
    const signing = await new SigningKeyRepository(env.database.fork(), env.secrets).current(instance.instanceId);
    // Its iat must fall in a later second than a's key was made: iat has whole seconds.
    await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 10));
    const now = Math.floor(Date.now() / 1000);
    const legacy = signJwt(signing.kid, signing.privateKeyPem, {
      tenant: "acme",
      client_id: c.id,
      scope: `${c.id} admin:*`,
      username: "root",
      iss: `${env.url}/instances/${instance.instanceId}`,
      sub: a.id,
      aud: [b.id],
      scopes: b.id,
      jti: `mt_${"1".repeat(32)}`,
      iat: now,
      nbf: now,
      exp: now + 3600,
    });
    const verified = await b.tokens.verifyToken({ token: legacy });
    expect(verified.token).toMatchObject({ subject: a.id, scopes: [b.id], claims: { tenant: "acme" } });
    // No key claim: it counts as minted by the key that was current at its iat.
    const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
    // The new key was made at the rotation, whose grace (0) ended at that instant.
    const newKeySecond = Math.floor(timestampDate(rotated.previousKeyExpireTime as Timestamp).getTime() / 1000);
    const sameSecond = signJwt(signing.kid, signing.privateKeyPem, {
      iss: `${env.url}/instances/${instance.instanceId}`,
      sub: a.id,
      aud: [b.id],
      jti: `mt_${"2".repeat(32)}`,
      iat: newKeySecond,
      exp: newKeySecond + 3600,
    });
    // Its iat second may hold the new key's creation: which key made it is unknown, so it is refused.
    expect((await failure(b.tokens.verifyToken({ token: sameSecond }))).code).toBe(Code.PermissionDenied);
    const refused = await failure(b.tokens.verifyToken({ token: legacy }));
    expect(refused.metadata.get("latchkey-error-reason")).toBe("TOKEN_EXPIRED");
  });

  it("is neither stored nor revocable nor reusable", async () => {
    const instance = await env.newInstance();
    const a = await env.newMachine(instance, "a");
    const { token } = await a.tokens.createToken({ format: TokenFormat.JWT });
    expect((await a.tokens.listTokens({})).totalCount).toBe(0n);
    expect((await failure(a.tokens.revokeToken({ id: token?.id as string }))).code).toBe(Code.NotFound);
    const reuse = await failure(a.tokens.createToken({ format: TokenFormat.JWT, minRemainingTtlSeconds: 10n }));
    expect(reuse.rawMessage).toMatch(/^min_remaining_ttl_seconds: /);
    expect((await failure(a.tokens.createToken({ format: 7 as TokenFormat }))).rawMessage).toMatch(/^format: /);
  });

  it("signing-key rotation keeps old tokens verifiable while new ones use the new key", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const before = await a.tokens.createToken({ format: TokenFormat.JWT });
    const admin = createClient(TokenService, env.transportWithKey(instance.secret));
    const { kid } = await admin.rotateSigningKey({});
    const after = await a.tokens.createToken({ format: TokenFormat.JWT });
    expect(decodeProtectedHeader(after.secret).kid).toBe(kid);
    expect(decodeProtectedHeader(before.secret).kid).not.toBe(kid);

    const published = await (await fetch(jwksUrl(instance.instanceId))).json();
    expect(published.keys.map((key: { kid: string }) => key.kid)).toEqual([
      kid,
      decodeProtectedHeader(before.secret).kid,
    ]);
    expect((await b.tokens.verifyToken({ token: before.secret })).token?.subject).toBe(a.id);
    expect((await b.tokens.verifyToken({ token: after.secret })).token?.subject).toBe(a.id);
    expect((await failure(a.tokens.rotateSigningKey({}))).code).toBe(Code.PermissionDenied);
  });

  it("answers 404 for the JWKS of an unknown instance", async () => {
    const response = await fetch(jwksUrl(`ins_${"0".repeat(27)}`));
    expect(response.status).toBe(404);
    expect((await fetch(`${env.url}/nothing/here`)).status).toBe(404);
  });
});
