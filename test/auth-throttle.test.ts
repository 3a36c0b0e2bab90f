import http from "node:http";
import type { ClientSessionOptions } from "node:http2";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer, startTestEnv, type TestEnv } from "./harness.js";

const BUDGET = 5;
const WINDOW_MS = 60_000;
const FLOOD = 500;
const NO_SUCH_MACHINE = `mch_${"0".repeat(27)}`;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port", {
    authThrottle: { failureBudget: BUDGET, windowMs: WINDOW_MS, maxAddresses: 100 },
  });
});
afterAll(() => env.close());

// Each test sends from its own loopback address (the kernel routes all of
// 127.0.0.0/8 to lo), so each starts with a fresh budget.

/** A MachineService client on a real connection from `localAddress` (Node passes it to the socket; the type omits it). */
function grpcFrom(localAddress: string, key: string) {
  return createClient(
    MachineService,
    createGrpcTransport({
      baseUrl: env.url as string,
      interceptors: [bearer(key)],
      nodeOptions: { localAddress } as ClientSessionOptions,
    }),
  );
}

function connectFrom(localAddress: string, key: string) {
  return createClient(
    MachineService,
    createConnectTransport({
      baseUrl: env.url as string,
      httpVersion: "1.1",
      interceptors: [bearer(key)],
      nodeOptions: { localAddress },
    }),
  );
}

async function outcome(call: Promise<unknown>): Promise<{ code: Code | "ok"; retryAfter: string | null }> {
  try {
    await call;
    return { code: "ok", retryAfter: null };
  } catch (error) {
    const connectError = ConnectError.from(error);
    return { code: connectError.code, retryAfter: connectError.metadata.get("retry-after") };
  }
}

type HttpAnswer = { status: number; retryAfter: string | undefined; body: string };

/** request sends one plain HTTP/1.1 request from `localAddress` over a keep-alive `agent`. */
function request(
  agent: http.Agent,
  localAddress: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(env.url as string);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        agent,
        localAddress,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"], body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

function counts<T>(values: T[]): Map<T, number> {
  const tally = new Map<T, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  return tally;
}

function expectRetryAfterWithinWindow(value: string | null | undefined): void {
  expect(value).toMatch(/^\d+$/);
  expect(Number(value)).toBeGreaterThanOrEqual(1);
  expect(Number(value)).toBeLessThanOrEqual(WINDOW_MS / 1000);
}

describe("the bad-key throttle", () => {
  it(`lets at most ${BUDGET} of ${FLOOD} concurrent bad gRPC keys reach the lookup and refuses the rest at once`, async () => {
    const attacker = grpcFrom("127.0.0.2", newSecret("sk"));
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: FLOOD }, () => outcome(attacker.getMachine({ id: NO_SUCH_MACHINE }))),
    );
    const elapsed = performance.now() - started;
    const tally = counts(results.map((r) => r.code));
    expect(tally.get(Code.Unauthenticated)).toBe(BUDGET);
    expect(tally.get(Code.ResourceExhausted)).toBe(FLOOD - BUDGET);
    for (const r of results.filter((r) => r.code === Code.ResourceExhausted))
      expectRetryAfterWithinWindow(r.retryAfter);
    // Nothing sleeps: the old throttle's waits (100 ms doubling to 3 s each) would take minutes here.
    expect(elapsed).toBeLessThan(20_000);
  });

  it(`lets ${FLOOD} concurrent calls with a good key from one address all through (checks past the budget wait, not fail)`, async () => {
    const instance = await env.newInstance();
    const client = grpcFrom("127.0.0.9", instance.secret);
    // Authenticated, so each finds out the machine does not exist: NotFound, never ResourceExhausted.
    const results = await Promise.all(
      Array.from({ length: FLOOD }, () => outcome(client.getMachine({ id: NO_SUCH_MACHINE }))),
    );
    expect(counts(results.map((r) => r.code))).toEqual(new Map([[Code.NotFound, FLOOD]]));
  });

  it("refuses even a good key from a blocked address until the window ends, and leaves other addresses alone", async () => {
    const instance = await env.newInstance();
    const attacker = connectFrom("127.0.0.3", newSecret("sk"));
    for (let i = 0; i < BUDGET; i++) {
      expect((await outcome(attacker.getMachine({ id: NO_SUCH_MACHINE }))).code).toBe(Code.Unauthenticated);
    }
    const blocked = await outcome(attacker.getMachine({ id: NO_SUCH_MACHINE }));
    expect(blocked.code).toBe(Code.ResourceExhausted);
    expectRetryAfterWithinWindow(blocked.retryAfter);
    // The block is decided before any lookup, so a good key from the blocked address is refused as well.
    expect((await outcome(grpcFrom("127.0.0.3", instance.secret).createMachine({ name: "refused" }))).code).toBe(
      Code.ResourceExhausted,
    );
    expect((await outcome(grpcFrom("127.0.0.4", instance.secret).createMachine({ name: "fine" }))).code).toBe("ok");
    expect((await outcome(grpcFrom("127.0.0.4", newSecret("sk")).getMachine({ id: NO_SUCH_MACHINE }))).code).toBe(
      Code.Unauthenticated,
    );
  });

  it("counts bad keys on the REST endpoints the same way, answering 429 with Retry-After", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    try {
      const bad = { authorization: `Bearer ${newSecret("sk")}` };
      const answers = await Promise.all(
        Array.from({ length: FLOOD }, (_, i) =>
          request(agent, "127.0.0.5", {
            method: "GET",
            path: i % 2 ? "/v1/machines" : `/v1/machines/${NO_SUCH_MACHINE}`,
            headers: bad,
          }),
        ),
      );
      const tally = counts(answers.map((a) => a.status));
      expect(tally.get(401)).toBe(BUDGET);
      expect(tally.get(429)).toBe(FLOOD - BUDGET);
      const refused = answers.find((a) => a.status === 429) as HttpAnswer;
      expectRetryAfterWithinWindow(refused.retryAfter);
      expect(JSON.parse(refused.body)).toMatchObject({
        errors: [{ code: "too_many_requests", meta: { reason: "TOO_MANY_FAILED_AUTHENTICATIONS" } }],
      });
    } finally {
      agent.destroy();
    }
  });

  it("counts bad OAuth client secrets (form and Basic) the same way, answering 429 in the OAuth shape", async () => {
    const instance = await env.newInstance();
    const machine = await env.newMachine(instance, "oauth client");
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    try {
      const form = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: machine.id,
        client_secret: newSecret("ak"),
      }).toString();
      const basic = `Basic ${Buffer.from(`${machine.id}:${newSecret("ak")}`).toString("base64")}`;
      const answers = await Promise.all(
        Array.from({ length: FLOOD }, (_, i) =>
          request(agent, "127.0.0.6", {
            method: "POST",
            path: "/oauth/token",
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              ...(i % 2 ? { authorization: basic } : {}),
            },
            body: i % 2 ? "grant_type=client_credentials" : form,
          }),
        ),
      );
      const tally = counts(answers.map((a) => a.status));
      expect(tally.get(401)).toBe(BUDGET);
      expect(tally.get(429)).toBe(FLOOD - BUDGET);
      const refused = answers.find((a) => a.status === 429) as HttpAnswer;
      expectRetryAfterWithinWindow(refused.retryAfter);
      // RFC 6749 has no rate-limit code; the registered "come back later" one (README "Configuration").
      expect(JSON.parse(refused.body)).toMatchObject({ error: "temporarily_unavailable" });
      // The same address is now refused on the RPCs too: one budget for every surface.
      expect((await outcome(grpcFrom("127.0.0.6", instance.secret).createMachine({ name: "refused" }))).code).toBe(
        Code.ResourceExhausted,
      );
      // And the good secret from another address still gets a token.
      const good = await request(agent, "127.0.0.7", {
        method: "POST",
        path: "/oauth/token",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: machine.id,
          client_secret: machine.secretKey,
        }).toString(),
      });
      expect(good.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("counts introspection's client credentials, and answers Basic credentials with a bad escape 401 invalid_client", async () => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      const badEscape = `Basic ${Buffer.from("mch_%E0:ak_%").toString("base64")}`;
      const introspect = () =>
        request(agent, "127.0.0.8", {
          method: "POST",
          path: "/oauth/introspect",
          headers: { "content-type": "application/x-www-form-urlencoded", authorization: badEscape },
          body: "token=x",
        });
      const first = await introspect();
      expect(first.status).toBe(401);
      expect(JSON.parse(first.body)).toMatchObject({ error: "invalid_client" });
      for (let i = 1; i < BUDGET; i++) expect((await introspect()).status).toBe(401);
      const refused = await introspect();
      expect(refused.status).toBe(429);
      expectRetryAfterWithinWindow(refused.retryAfter);
    } finally {
      agent.destroy();
    }
  });
});
