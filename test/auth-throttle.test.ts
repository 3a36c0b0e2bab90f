import type { ClientSessionOptions } from "node:http2";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer, failure, startTestEnv, type TestEnv } from "./harness.js";

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port", {
    authThrottle: { freeFailures: 3, windowMs: 60_000, baseDelayMs: 200, maxDelayMs: 800, maxAddresses: 100 },
  });
});
afterAll(() => env.close());

/**
 * A MachineService client on a real connection from a given loopback address
 * (Node passes `localAddress` on to the socket; the type does not list it).
 */
function clientFrom(localAddress: string, key: string) {
  return createClient(
    MachineService,
    createGrpcTransport({
      baseUrl: env.url as string,
      interceptors: [bearer(key)],
      nodeOptions: { localAddress } as ClientSessionOptions,
    }),
  );
}

async function timed(call: Promise<unknown>): Promise<{ ms: number; code: Code | "ok" }> {
  const started = performance.now();
  const error = await failure(call).catch(() => undefined);
  return { ms: performance.now() - started, code: error?.code ?? "ok" };
}

describe("repeated bad keys from one client", () => {
  it("are answered at once at first, then ever more slowly, while good keys and other clients are not slowed", async () => {
    const instance = await env.newInstance();
    const attacker = clientFrom("127.0.0.2", newSecret("sk"));
    const sameAddressGoodKey = clientFrom("127.0.0.2", instance.secret);
    const otherClientBadKey = clientFrom("127.0.0.3", newSecret("sk"));

    const free = [];
    for (let i = 0; i < 3; i++) free.push(await timed(attacker.getMachine({ id: `mch_${"0".repeat(27)}` })));
    expect(free.map((r) => r.code)).toEqual([Code.Unauthenticated, Code.Unauthenticated, Code.Unauthenticated]);
    for (const r of free) expect(r.ms).toBeLessThan(150);

    const slowed = [];
    for (let i = 0; i < 4; i++) slowed.push(await timed(attacker.getMachine({ id: `mch_${"0".repeat(27)}` })));
    expect(slowed.map((r) => r.code)).toEqual(Array(4).fill(Code.Unauthenticated));
    // 200, 400, 800, then capped at 800 ms.
    expect(slowed[0]?.ms).toBeGreaterThanOrEqual(190);
    expect(slowed[1]?.ms).toBeGreaterThanOrEqual(390);
    expect(slowed[2]?.ms).toBeGreaterThanOrEqual(790);
    expect(slowed[3]?.ms).toBeGreaterThanOrEqual(790);
    expect(slowed[3]?.ms).toBeLessThan(1500);

    const good = await timed(sameAddressGoodKey.createMachine({ name: "still fine" }));
    expect(good).toMatchObject({ code: "ok" });
    expect(good.ms).toBeLessThan(500);
    const other = await timed(otherClientBadKey.getMachine({ id: `mch_${"0".repeat(27)}` }));
    expect(other.code).toBe(Code.Unauthenticated);
    expect(other.ms).toBeLessThan(150);
  });

  it("counts bad keys on the REST endpoints the same way", async () => {
    const bad = newSecret("sk");
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const res = await fetch(`${env.url}/v1/machines`, { headers: { authorization: `Bearer ${bad}` } });
      expect(res.status).toBe(401);
      times.push(performance.now() - started);
    }
    for (const ms of times.slice(0, 3)) expect(ms).toBeLessThan(150);
    expect(times[3]).toBeGreaterThanOrEqual(190);
  });
});
