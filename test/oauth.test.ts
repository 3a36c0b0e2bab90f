import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, createClient } from "@connectrpc/connect";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oauth from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
});
afterAll(() => env.close());

/** discover configures openid-client for a machine, from the instance's RFC 8414 metadata. */
function discover(instance: TestInstance, machine: { id: string; secretKey: string }) {
  return oauth.discovery(
    new URL(`${env.url}/instances/${instance.instanceId}`),
    machine.id,
    machine.secretKey,
    undefined,
    {
      algorithm: "oauth2",
      execute: [oauth.allowInsecureRequests],
    },
  );
}

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${env.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("OAuth 2.0 with a third-party client (openid-client)", () => {
  it("discovers the metadata, gets a token with client credentials, and introspects it as the receiver", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const asA = await discover(instance, a);
    expect(asA.serverMetadata().issuer).toBe(`${env.url}/instances/${instance.instanceId}`);

    const tokens = await oauth.clientCredentialsGrant(asA);
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe(b.id);

    const jwks = createRemoteJWKSet(new URL(asA.serverMetadata().jwks_uri as string));
    const { payload } = await jwtVerify(tokens.access_token, jwks, {
      issuer: asA.serverMetadata().issuer,
      audience: b.id,
    });
    expect(payload).toMatchObject({ sub: a.id, client_id: a.id, scope: b.id, aud: [b.id] });

    const asB = await discover(instance, b);
    const seenByB = await oauth.tokenIntrospection(asB, tokens.access_token);
    expect(seenByB).toMatchObject({
      active: true,
      token_type: "Bearer",
      sub: a.id,
      client_id: a.id,
      scope: b.id,
      aud: [b.id],
      jti: payload.jti,
      iat: payload.iat,
      nbf: payload.nbf,
      exp: payload.exp,
    });
    const seenByA = await oauth.tokenIntrospection(asA, tokens.access_token);
    expect(seenByA.active).toBe(false);
  });

  it("introspects opaque tokens too, and revocation makes them inactive", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const tokensOfA = createClient(TokenService, env.transportWithKey(a.secretKey));
    const { secret, token } = await tokensOfA.createToken({});
    const asB = await discover(instance, b);
    expect((await oauth.tokenIntrospection(asB, secret)).active).toBe(true);
    await tokensOfA.revokeToken({ id: token?.id as string });
    expect((await oauth.tokenIntrospection(asB, secret)).active).toBe(false);
  });
});

describe("introspection is the server's word", () => {
  it("answers the server's members even where an old row's claims name them", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const c = await env.newMachine(instance, "c");
    const a = await env.newMachine(instance, "a", [b.id]);
    const tokensOfA = createClient(TokenService, env.transportWithKey(a.secretKey));
    const forged = { client_id: c.id, scope: `${c.id} admin:*`, token_type: "N_A", username: "root", active: false };
    for (const [name, value] of Object.entries(forged)) {
      const refused = await failure(tokensOfA.createToken({ claims: { tenant: "acme", [name]: value } }));
      expect(refused.code).toBe(Code.InvalidArgument);
      expect(refused.rawMessage).toContain(`"${name}"`);
    }
    const { secret, token } = await tokensOfA.createToken({ claims: { tenant: "acme" } });
    // A row written before these names were reserved.
    await env.database
      .fork()
      .execute("update machine_token set claims = ? where id = ?", [
        JSON.stringify({ tenant: "acme", ...forged }),
        token?.id,
      ]);
    env.app.credentials.drop(`token:${token?.id}`);
    const seen = await oauth.tokenIntrospection(await discover(instance, b), secret);
    expect(seen).toMatchObject({ active: true, client_id: a.id, sub: a.id, scope: b.id, token_type: "Bearer" });
    expect(seen.tenant).toBe("acme");
    expect(seen.username).toBeUndefined();
  });

  it("a grace-0 rotation makes every token of the old key inactive at once", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const asA = await discover(instance, a);
    const jwt = (await oauth.clientCredentialsGrant(asA)).access_token;
    const opaque = (await createClient(TokenService, env.transportWithKey(a.secretKey)).createToken({})).secret;
    const asB = await discover(instance, b);
    expect((await oauth.tokenIntrospection(asB, jwt)).active).toBe(true);
    await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
    for (const token of [jwt, opaque]) expect((await oauth.tokenIntrospection(asB, token)).active).toBe(false);
  });

  it("a token from the token endpoint during a grace period expires with the old key", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    await instance.machines.updateMachine({ id: a.id, defaultTokenTtlSeconds: 315_360_000n });
    const rotated = await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 60n });
    const graceEnd = Math.floor(timestampDate(rotated.previousKeyExpireTime as never).getTime() / 1000);
    const { access_token, expires_in } = await oauth.clientCredentialsGrant(await discover(instance, a));
    expect(expires_in).toBeLessThanOrEqual(60);
    expect(expires_in).toBeGreaterThan(50);
    const seen = await oauth.tokenIntrospection(await discover(instance, b), access_token);
    expect(seen.active).toBe(true);
    expect(seen.exp).toBeLessThanOrEqual(graceEnd);
    expect(seen.exp).toBeGreaterThan(graceEnd - 5);
  });
});

describe("OAuth endpoints on the wire", () => {
  it("answers errors in the RFC 6749 form", async () => {
    const instance = await env.newInstance();
    const b = await env.newMachine(instance, "b");
    const a = await env.newMachine(instance, "a", [b.id]);
    const basic = (id: string, secret: string) => ({
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`,
    });

    const missingGrant = await post("/oauth/token", {}, basic(a.id, a.secretKey));
    expect(missingGrant).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    const wrongGrant = await post("/oauth/token", { grant_type: "password" }, basic(a.id, a.secretKey));
    expect(wrongGrant).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    const wrongSecret = await post("/oauth/token", { grant_type: "client_credentials" }, basic(a.id, b.secretKey));
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(wrongSecret.headers.get("www-authenticate")).toMatch(/^Basic/);
    const noClient = await post("/oauth/token", { grant_type: "client_credentials" });
    expect(noClient).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const both = await post(
      "/oauth/token",
      { grant_type: "client_credentials", client_id: a.id, client_secret: a.secretKey },
      basic(a.id, a.secretKey),
    );
    expect(both).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    const tooLarge = await post("/oauth/token", { grant_type: "client_credentials", pad: "x".repeat(64 * 1024) });
    expect(tooLarge).toMatchObject({ status: 413, body: { error: "invalid_request" } });
    const badScope = await post(
      "/oauth/token",
      { grant_type: "client_credentials", scope: a.id },
      basic(a.id, a.secretKey),
    );
    expect(badScope).toMatchObject({ status: 400, body: { error: "invalid_scope" } });

    const viaForm = await post("/oauth/token", {
      grant_type: "client_credentials",
      client_id: a.id,
      client_secret: a.secretKey,
      scope: b.id,
    });
    expect(viaForm.status).toBe(200);
    expect(viaForm.headers.get("cache-control")).toBe("no-store");
    expect(viaForm.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: b.id });

    const notForm = await fetch(`${env.url}/oauth/token`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(notForm.status).toBe(400);
    expect((await fetch(`${env.url}/oauth/token`)).status).toBe(405);
    const noToken = await post("/oauth/introspect", {}, basic(b.id, b.secretKey));
    expect(noToken).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("a machine key that a rotation ended can no longer get tokens", async () => {
    const instance = await env.newInstance();
    const a = await env.newMachine(instance, "a");
    await instance.machines.rotateMachineSecretKey({ id: a.id, previousKeyTtlSeconds: 0n });
    const reply = await post("/oauth/token", {
      grant_type: "client_credentials",
      client_id: a.id,
      client_secret: a.secretKey,
    });
    expect(reply).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const asA = createClient(TokenService, env.transportWithKey(a.secretKey));
    expect((await failure(asA.createToken({}))).code).toBe(Code.Unauthenticated);
  });
});
