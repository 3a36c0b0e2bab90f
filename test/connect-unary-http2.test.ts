import http from "node:http";
import http2 from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetMachineRequestSchema } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { DEFAULT_AUTH_THROTTLE } from "../src/domain/auth-throttle.js";
import { READ_MAX_BYTES } from "../src/server.js";
import { startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

// A Connect unary POST over HTTP/2 is read by the server's own lean request
// path (src/http/unary-request.ts); the same call over HTTP/1.1 still goes
// through connect-node's. These tests send the same requests both ways and
// expect the same answers, then try the lean path's body reading with
// hostile clients: lying lengths, bodies over the limit, resets mid-body.

const GET = "/latchkey.machine.v1.MachineService/GetMachine";
const CREATE = "/latchkey.machine.v1.MachineService/CreateMachine";

let env: TestEnv;
let instance: TestInstance;
let key: string;
let machineId: string;
/** A machine whose answer is over connect's 1 KiB threshold for compressing it (40 scoped machines). */
let bigMachineId: string;
let session: http2.ClientHttp2Session;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port", {
    authThrottle: { ...DEFAULT_AUTH_THROTTLE, failureBudget: Number.MAX_SAFE_INTEGER },
  });
  instance = await env.newInstance();
  key = instance.secret;
  machineId = (await instance.machines.createMachine({ name: "known" })).machine?.id as string;
  const callees = [];
  for (let i = 0; i < 40; i++) {
    callees.push((await instance.machines.createMachine({ name: `callee-${i}` })).machine?.id as string);
  }
  bigMachineId = (await instance.machines.createMachine({ name: "big", scopedMachineIds: callees })).machine
    ?.id as string;
  session = http2.connect(env.url as string);
  session.on("error", () => undefined);
});
afterAll(async () => {
  session.close();
  await env.close();
});

type Answer = { status: number; headers: Record<string, unknown>; body: string };

/** HOP_BY_HOP are the headers that differ by HTTP version alone (and the date). */
const HOP_BY_HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/** endToEnd is a response's headers without pseudo-headers and HOP_BY_HOP. */
function endToEnd(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(":") && !HOP_BY_HOP.has(name)));
}

/** overHttp1 sends one request over HTTP/1.1 (connect-node's request path). */
function overHttp1(path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  const url = new URL(env.url as string);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: "POST", path, agent: false, headers });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: endToEnd(res.headers),
          body: Buffer.concat(chunks).toString("latin1"),
        }),
      );
    });
    req.end(body);
  });
}

/** overHttp2 opens a stream on the shared session; `send` writes its body (all of it, by default). */
function overHttp2(
  path: string,
  requestHeaders: Record<string, string>,
  send: (stream: http2.ClientHttp2Stream) => void,
): { stream: http2.ClientHttp2Stream; answer: Promise<Answer> } {
  const stream = session.request({ ":method": "POST", ":path": path, ...requestHeaders });
  const answer = new Promise<Answer>((resolve, reject) => {
    let status = 0;
    let headers: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    stream.on("response", (h) => {
      status = Number(h[":status"]);
      headers = endToEnd(h);
    });
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve({ status, headers, body: Buffer.concat(chunks).toString("latin1") }));
    stream.on("error", reject);
  });
  send(stream);
  return { stream, answer };
}

/** within resolves with `promise`'s value, or with "no answer" after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "no answer"> {
  return Promise.race([promise, new Promise<"no answer">((resolve) => setTimeout(() => resolve("no answer"), ms))]);
}

describe("a Connect unary call over HTTP/2", () => {
  const json = { "content-type": "application/json" };
  const proto = { "content-type": "application/proto" };
  const cases: [string, () => Record<string, string>, () => Buffer][] = [
    ["a good call", () => ({ ...json, authorization: `Bearer ${key}` }), () => Buffer.from(`{"id":"${machineId}"}`)],
    [
      "charset in the type",
      () => ({ "content-type": "application/json; charset=utf-8", authorization: `Bearer ${key}` }),
      () => Buffer.from(`{"id":"${machineId}"}`),
    ],
    [
      "binary",
      () => ({ ...proto, authorization: `Bearer ${key}` }),
      () => Buffer.from(toBinary(GetMachineRequestSchema, create(GetMachineRequestSchema, { id: machineId }))),
    ],
    [
      "a large answer, gzip accepted",
      () => ({ ...json, authorization: `Bearer ${key}`, "accept-encoding": "gzip" }),
      () => Buffer.from(`{"id":"${bigMachineId}"}`),
    ],
    [
      "a large answer, brotli preferred",
      () => ({ ...json, authorization: `Bearer ${key}`, "accept-encoding": "br, gzip" }),
      () => Buffer.from(`{"id":"${bigMachineId}"}`),
    ],
    [
      "a large answer, only an unknown encoding accepted",
      () => ({ ...json, authorization: `Bearer ${key}`, "accept-encoding": "zstd" }),
      () => Buffer.from(`{"id":"${bigMachineId}"}`),
    ],
    [
      "an error, gzip accepted",
      () => ({ ...json, authorization: `Bearer ${key}`, "accept-encoding": "gzip" }),
      () => Buffer.from('{"id":'),
    ],
    [
      "an expired deadline",
      () => ({ ...json, authorization: `Bearer ${key}`, "connect-timeout-ms": "0" }),
      () => Buffer.from(`{"id":"${machineId}"}`),
    ],
    [
      "upper case in the content type",
      () => ({ "content-type": "Application/JSON", authorization: `Bearer ${key}` }),
      () => Buffer.from(`{"id":"${machineId}"}`),
    ],
    [
      "an unknown machine",
      () => ({ ...json, authorization: `Bearer ${key}` }),
      () => Buffer.from('{"id":"mch_unknown"}'),
    ],
    ["no key", () => json, () => Buffer.from(`{"id":"${machineId}"}`)],
    ["a wrong key", () => ({ ...json, authorization: "Bearer ak_wrong" }), () => Buffer.from(`{"id":"${machineId}"}`)],
    ["malformed JSON", () => ({ ...json, authorization: `Bearer ${key}` }), () => Buffer.from('{"id":')],
    ["a duplicate key", () => ({ ...json, authorization: `Bearer ${key}` }), () => Buffer.from('{"id":"a","id":"b"}')],
    ["an unknown field", () => ({ ...json, authorization: `Bearer ${key}` }), () => Buffer.from('{"nope":1}')],
    ["an empty body", () => ({ ...json, authorization: `Bearer ${key}` }), () => Buffer.alloc(0)],
    ["bad protobuf", () => ({ ...proto, authorization: `Bearer ${key}` }), () => Buffer.from([0xff, 0xff, 0xff])],
    [
      "a bad timeout",
      () => ({ ...json, authorization: `Bearer ${key}`, "connect-timeout-ms": "soon" }),
      () => Buffer.from(`{"id":"${machineId}"}`),
    ],
    [
      "a streaming content type",
      () => ({ "content-type": "application/connect+json", authorization: `Bearer ${key}` }),
      () => Buffer.from("{}"),
    ],
    [
      "an unknown content type",
      () => ({ "content-type": "text/plain", authorization: `Bearer ${key}` }),
      () => Buffer.from("{}"),
    ],
  ];
  it.each(
    cases,
  )("answers %s as connect-node's path does over HTTP/1.1: status, headers and body", async (_, headers, body) => {
    const viaHttp1 = await overHttp1(GET, headers(), body());
    const viaHttp2 = await overHttp2(GET, headers(), (stream) => stream.end(body())).answer;
    expect(viaHttp2).toEqual(viaHttp1);
  });

  it("compresses a large answer as the client accepts, and a small one not at all", async () => {
    const ask = (id: string) =>
      overHttp2(GET, { ...json, authorization: `Bearer ${key}`, "accept-encoding": "gzip" }, (stream) =>
        stream.end(`{"id":"${id}"}`),
      ).answer;
    expect((await ask(bigMachineId)).headers["content-encoding"]).toBe("gzip");
    expect((await ask(machineId)).headers["content-encoding"]).toBeUndefined();
  });

  it("is refused Unauthenticated before its body is sent, and with a key waits for it", async () => {
    const announced = { ...json, "content-length": String(READ_MAX_BYTES - 1024) };
    const firstPart = Buffer.alloc(64 * 1024, 0x20);
    const keyless = overHttp2(CREATE, announced, (stream) => stream.write(firstPart));
    expect(await within(keyless.answer, 5_000)).toMatchObject({ status: 401 });
    keyless.stream.close(http2.constants.NGHTTP2_CANCEL);

    const withKey = overHttp2(CREATE, { ...announced, authorization: `Bearer ${key}` }, (stream) =>
      stream.write(firstPart),
    );
    expect(await within(withKey.answer, 500)).toBe("no answer");
    withKey.stream.close(http2.constants.NGHTTP2_CANCEL);
  });

  it("refuses a declared length over the read limit ResourceExhausted without reading the body", async () => {
    const call = overHttp2(
      CREATE,
      { ...json, authorization: `Bearer ${key}`, "content-length": String(READ_MAX_BYTES + 1) },
      (stream) => stream.write("{"),
    );
    const answer = await within(call.answer, 5_000);
    call.stream.close(http2.constants.NGHTTP2_CANCEL);
    expect(answer).not.toBe("no answer");
    expect(JSON.parse((answer as Answer).body)).toMatchObject({ code: "resource_exhausted" });
  });

  it("cuts a body over the read limit without a declared length, and the session serves the next call", async () => {
    const huge = Buffer.from(`{"name":"${"x".repeat(READ_MAX_BYTES)}"}`);
    const call = overHttp2(CREATE, { ...json, authorization: `Bearer ${key}` }, (stream) => {
      stream.on("error", () => undefined);
      stream.end(huge);
    });
    const answer = await within(
      call.answer.catch(() => "reset"),
      10_000,
    );
    expect(answer).not.toBe("no answer");
    if (answer !== "reset") expect(JSON.parse((answer as Answer).body)).toMatchObject({ code: "resource_exhausted" });
    const next = await overHttp2(GET, { ...json, authorization: `Bearer ${key}` }, (stream) =>
      stream.end(`{"id":"${machineId}"}`),
    ).answer;
    expect(next.status).toBe(200);
  });

  it("survives clients that reset mid-body, before and after the key is checked", async () => {
    for (let i = 0; i < 50; i++) {
      const call = overHttp2(CREATE, { ...json, authorization: `Bearer ${key}` }, (stream) => {
        stream.on("error", () => undefined);
        stream.write('{"name":"half');
        // Every other reset comes at once, while the server may still be checking the key.
        if (i % 2) setImmediate(() => stream.close(http2.constants.NGHTTP2_CANCEL));
        else stream.close(http2.constants.NGHTTP2_CANCEL);
      });
      await call.answer.catch(() => undefined);
    }
    const next = await overHttp2(GET, { ...json, authorization: `Bearer ${key}` }, (stream) =>
      stream.end(`{"id":"${machineId}"}`),
    ).answer;
    expect(next.status).toBe(200);
    const names = [];
    for await (const page of instance.machines.listMachines({})) names.push(...page.machines.map((m) => m.name));
    // No half-read body made a machine.
    expect(names.filter((name) => !name.startsWith("callee-") && name !== "big")).toEqual(["known"]);
  });
});
