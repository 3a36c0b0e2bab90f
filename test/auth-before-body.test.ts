import http from "node:http";
import http2 from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AUTH_THROTTLE } from "../src/domain/auth-throttle.js";
import { READ_MAX_BYTES } from "../src/server.js";
import { startTestEnv, type TestEnv } from "./harness.js";

// A keyless client sending a body near the read limit must be refused from
// its headers alone: the answer comes while most of the body is still unsent,
// so the server cannot have read, decompressed or parsed it. With a good key
// the server does wait for the body, which shows the test can tell the two apart.

const CREATE = "/latchkey.machine.v1.MachineService/CreateMachine";
const BODY_BYTES = READ_MAX_BYTES - 1024;
const FIRST_PART = Buffer.alloc(64 * 1024, 0x20);

let env: TestEnv;
let goodKey: string;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port", {
    authThrottle: { ...DEFAULT_AUTH_THROTTLE, failureBudget: Number.MAX_SAFE_INTEGER },
  });
  goodKey = (await env.newInstance()).secret;
});
afterAll(() => env.close());

/** within resolves with `promise`'s value, or with "no answer" after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "no answer"> {
  return Promise.race([promise, new Promise<"no answer">((resolve) => setTimeout(() => resolve("no answer"), ms))]);
}

/** connectOverHttp1 starts a Connect unary call announcing a BODY_BYTES JSON body and sends only its first 64 KiB. */
function connectOverHttp1(authorization?: string) {
  const url = new URL(env.url as string);
  const req = http.request({
    host: url.hostname,
    port: url.port,
    method: "POST",
    path: CREATE,
    agent: false,
    headers: {
      "content-type": "application/json",
      "content-length": String(BODY_BYTES),
      ...(authorization === undefined ? {} : { authorization }),
    },
  });
  req.on("error", () => undefined);
  const answer = new Promise<{ status: number; body: string }>((resolve) => {
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
  req.write(FIRST_PART);
  return { answer, abandon: () => req.destroy() };
}

/** grpcOverHttp2 starts a gRPC call whose one message announces BODY_BYTES and sends only its first 64 KiB. */
function grpcOverHttp2(authorization?: string) {
  const session = http2.connect(env.url as string);
  session.on("error", () => undefined);
  const stream = session.request({
    ":method": "POST",
    ":path": CREATE,
    "content-type": "application/grpc+proto",
    te: "trailers",
    ...(authorization === undefined ? {} : { authorization }),
  });
  stream.on("error", () => undefined);
  const answer = new Promise<string | undefined>((resolve) => {
    // A refusal before the body is a trailers-only response: grpc-status arrives with the headers.
    stream.on("response", (headers) => {
      if (headers["grpc-status"] !== undefined) resolve(String(headers["grpc-status"]));
    });
    stream.on("trailers", (trailers) => resolve(String(trailers["grpc-status"])));
  });
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(BODY_BYTES - 5, 1);
  stream.write(Buffer.concat([prefix, FIRST_PART]));
  return { answer, abandon: () => session.destroy() };
}

describe("a keyless call with a large body", () => {
  it("is refused Unauthenticated over Connect (HTTP/1.1) before its body is sent", async () => {
    const keyless = connectOverHttp1();
    const answer = await within(keyless.answer, 5_000);
    keyless.abandon();
    expect(answer).not.toBe("no answer");
    expect(answer).toMatchObject({ status: 401 });
    expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ code: "unauthenticated" });

    const withKey = connectOverHttp1(`Bearer ${goodKey}`);
    expect(await within(withKey.answer, 500)).toBe("no answer");
    withKey.abandon();
  });

  it("is refused Unauthenticated over gRPC (HTTP/2) before its body is sent", async () => {
    const keyless = grpcOverHttp2(`Bearer ${"sk_not-a-key"}`);
    const status = await within(keyless.answer, 5_000);
    keyless.abandon();
    expect(status).toBe("16");

    const withKey = grpcOverHttp2(`Bearer ${goodKey}`);
    expect(await within(withKey.answer, 500)).toBe("no answer");
    withKey.abandon();
  });

  it("costs the server little over 50 such calls", async () => {
    const before = process.memoryUsage().rss;
    const started = process.cpuUsage();
    for (let round = 0; round < 5; round++) {
      const calls = Array.from({ length: 10 }, (_, i) => (i % 2 ? connectOverHttp1() : grpcOverHttp2()));
      const answers = await Promise.all(calls.map((call) => within<unknown>(call.answer, 5_000)));
      for (const call of calls) call.abandon();
      expect(answers).not.toContain("no answer");
    }
    const cpu = process.cpuUsage(started);
    // The old order (body first) decoded 50 × 4 MiB: seconds of CPU and hundreds of MiB.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(3_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});
