import http2 from "node:http2";
import net from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EdgeServer, startEdgeServer, stillServes } from "./edge-server.js";
import { removeTempDirs } from "./process.js";

// A transport fuzzer: thousands of malformed requests over raw HTTP/1.1
// sockets and node:http2 to every surface of a real server process. Whatever
// arrives, the process stays up, no answer is a 5xx (or a gRPC Unknown,
// Unavailable or unexpected Internal), and an ordinary call works after.
// Deterministic: LATCHKEY_FUZZ_SEED picks the cases (printed on failure),
// LATCHKEY_FUZZ_CASES how many.

afterAll(removeTempDirs);

const SEED = Number(process.env.LATCHKEY_FUZZ_SEED ?? 13);
const CASES = Number(process.env.LATCHKEY_FUZZ_CASES ?? 2_000);
const CONCURRENCY = 16;
const CASE_TIMEOUT_MS = 15_000;
const INSTANCE = `ins_${"0".repeat(27)}`;

const SURFACES = [
  "/latchkey.machine.v1.MachineService/CreateMachine",
  "/latchkey.machine.v1.MachineService/ListMachines",
  "/latchkey.machine.v1.MachineService/GetMachine",
  "/latchkey.token.v1.TokenService/CreateToken",
  "/latchkey.token.v1.TokenService/VerifyToken",
  "/latchkey.scope.v1.ScopeService/CheckPermission",
  "/grpc.health.v1.Health/Check",
  "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
  "/v1/machines",
  "/v1/machines/mch_x",
  "/v1/machines/mch_x/scopes/mch_y",
  "/m2m_tokens",
  "/m2m_tokens/verify",
  "/m2m_tokens/x/revoke",
  "/oauth/token",
  "/oauth/introspect",
  `/instances/${INSTANCE}/.well-known/jwks.json`,
  `/instances/${INSTANCE}/.well-known/oauth-authorization-server`,
  `/.well-known/oauth-authorization-server/instances/${INSTANCE}`,
  "/",
  "/assets/index.js",
  "/favicon.svg",
];

/** Ways to spoil a path: bad escapes, doubled slashes, traversal, odd forms. */
const PATH_SPOILERS: ((path: string) => string)[] = [
  (p) => p,
  (p) => `/${p}`,
  (p) => `${p}%`,
  (p) => `${p}%E0`,
  (p) => `${p}/%zz`,
  (p) => p.replace(/\/[^/]*$/, "/%E0%A4%A"),
  (p) => p.replace("/", "/%2e%2e/"),
  (p) => `${p}/../../etc/passwd`,
  (p) => `${p}?%`,
  (p) => `${p}?a=%E0&b=%zz&&=`,
  (p) => `${p}%00`,
  (p) => `${p}/é€😀`,
  (p) => `${p}/${"a".repeat(4_000)}`,
  (p) => p.toUpperCase(),
  (p) => `${p}#fragment`,
  (p) => `${p};x=1`,
  () => "*",
  () => "//",
  () => "",
  (p) => `http://evil.example${p}`,
  (p) => p.replaceAll("/", "\\"),
];

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO", "get", "M-SEARCH"];

const CONTENT_TYPES = [
  undefined,
  "application/json",
  "application/proto",
  "application/grpc",
  "application/grpc+json",
  "application/grpc-web+proto",
  "application/connect+json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "application/json; charset=utf-16",
  "multipart/form-data; boundary=",
  "",
  "\u00ff/\u00ff",
];

type Authorization = "none" | "valid" | "malformed" | "unknown" | "basic-junk" | "basic-empty";

const EXTRA_HEADERS: Record<string, string>[] = [
  {},
  { "connect-protocol-version": "2" },
  { "grpc-timeout": "99999999H" },
  { "grpc-timeout": "-1m" },
  { "connect-timeout-ms": "abc" },
  { "connect-timeout-ms": "1e400" },
  { "content-encoding": "zstd" },
  { "grpc-encoding": "gzip" },
  { "connect-content-encoding": "br" },
  { origin: "https://evil.example" },
  { "x-forwarded-for": "::ffff:300.1.1.1, junk" },
  { cookie: "c".repeat(8_000) },
  { te: "trailers" },
  { "access-control-request-method": "POST", origin: "null" },
];

function grpcFrame(flags: number, declaredLength: number, payload: Uint8Array): Uint8Array {
  const frame = Buffer.alloc(5 + payload.length);
  frame.writeUInt8(flags, 0);
  frame.writeUInt32BE(declaredLength, 1);
  frame.set(payload, 5);
  return frame;
}

const BODIES: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .constantFrom(
      "",
      "{}",
      "{",
      "null",
      "[]",
      '{"name":"fuzz"}',
      '{"name":1e999}',
      '{"id":"mch_\\u0000"}',
      "grant_type=client_credentials",
      "grant_type=client_credentials&client_id=%&client_secret=%E0",
      "token=%zz",
      "\u00ff\u00fe",
    )
    .map((text) => new TextEncoder().encode(text)),
  fc.constantFrom(
    grpcFrame(0, 0, new Uint8Array()),
    grpcFrame(0, 16, new Uint8Array([1, 2, 3])),
    grpcFrame(1, 4, new Uint8Array([0xde, 0xad, 0xbe, 0xef])),
    grpcFrame(0x80, 0, new Uint8Array()),
    grpcFrame(0, 0xffffffff, new Uint8Array()),
  ),
  fc.uint8Array({ maxLength: 64 }),
);

type FuzzCase = {
  transport: "http/1.1" | "h2";
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: Authorization;
  extra: Record<string, string>;
  body: Uint8Array;
  /** Send less body than declared and stop (HTTP/1.1: close the write side; HTTP/2: end the stream). */
  truncated: boolean;
  /** The last byte of a loopback source address, so the bad-key throttle sees many clients. */
  source: number;
};

const CASE: fc.Arbitrary<FuzzCase> = fc.record({
  transport: fc.constantFrom("http/1.1" as const, "h2" as const),
  method: fc.constantFrom(...METHODS),
  path: fc
    .tuple(fc.constantFrom(...SURFACES), fc.constantFrom(...PATH_SPOILERS))
    .map(([surface, spoil]) => spoil(surface)),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  authorization: fc.constantFrom<Authorization>("none", "valid", "malformed", "unknown", "basic-junk", "basic-empty"),
  extra: fc.constantFrom(...EXTRA_HEADERS),
  body: BODIES,
  truncated: fc.boolean(),
  source: fc.integer({ min: 2, max: 254 }),
});

/** What a case got back: an HTTP status and gRPC status if any, or how it ended without one. */
type Outcome = { status?: number; grpcStatus?: string; grpcMessage?: string; ended: string };

function authorizationValue(kind: Authorization, key: string): string | undefined {
  switch (kind) {
    case "none":
      return undefined;
    case "valid":
      return `Bearer ${key}`;
    case "malformed":
      return "Bearer \u00ff";
    case "unknown":
      return `Bearer sk_${"A".repeat(43)}`;
    case "basic-junk":
      return "Basic %%%";
    case "basic-empty":
      return `Basic ${Buffer.from(":").toString("base64")}`;
  }
}

function headersOf(fuzz: FuzzCase, key: string): Record<string, string> {
  const headers: Record<string, string> = { ...fuzz.extra };
  if (fuzz.contentType !== undefined) headers["content-type"] = fuzz.contentType;
  const authorization = authorizationValue(fuzz.authorization, key);
  if (authorization !== undefined) headers.authorization = authorization;
  return headers;
}

function sendHttp1(port: number, fuzz: FuzzCase, key: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress: `127.0.9.${fuzz.source}` });
    let answer = Buffer.alloc(0);
    const finish = (ended: string) => {
      clearTimeout(timer);
      socket.destroy();
      const text = answer.toString("latin1");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({
        ...(status ? { status: Number(status) } : {}),
        ...grpcStatusIn(text),
        ended,
      });
    };
    const timer = setTimeout(() => finish("no answer in time"), CASE_TIMEOUT_MS);
    socket.on("data", (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
    });
    socket.on("error", (error) => finish(`socket error ${error.message}`));
    socket.on("close", () => finish("closed"));
    socket.on("connect", () => {
      const lines = [`${fuzz.method} ${fuzz.path} HTTP/1.1`, "host: 127.0.0.1", "connection: close"];
      for (const [name, value] of Object.entries(headersOf(fuzz, key))) lines.push(`${name}: ${value}`);
      const declared = fuzz.body.length + (fuzz.truncated ? 10 : 0);
      if (declared > 0 || fuzz.method === "POST") lines.push(`content-length: ${declared}`);
      socket.write(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), fuzz.body]));
      if (fuzz.truncated) socket.end();
    });
  });
}

function grpcStatusIn(text: string): Pick<Outcome, "grpcStatus" | "grpcMessage"> {
  const status = /grpc-status: ?(\d+)/i.exec(text)?.[1];
  const message = /grpc-message: ?([^\r\n]*)/i.exec(text)?.[1];
  return { ...(status ? { grpcStatus: status } : {}), ...(message ? { grpcMessage: message } : {}) };
}

function sendHttp2(port: number, fuzz: FuzzCase, key: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const session = http2.connect(`http://127.0.0.1:${port}`, {
      createConnection: () => net.connect({ port, host: "127.0.0.1", localAddress: `127.0.9.${fuzz.source}` }),
    });
    const outcome: Outcome = { ended: "" };
    const finish = (ended: string) => {
      clearTimeout(timer);
      session.destroy();
      resolve({ ...outcome, ended });
    };
    const timer = setTimeout(() => finish("no answer in time"), CASE_TIMEOUT_MS);
    session.on("error", (error) => finish(`session error ${error.message}`));
    let stream: http2.ClientHttp2Stream;
    try {
      stream = session.request({ ":method": fuzz.method, ":path": fuzz.path || "/", ...headersOf(fuzz, key) });
    } catch (error) {
      // node:http2 refuses to send some of these (an invalid header value): nothing reached the server.
      finish(`not sent: ${(error as Error).message}`);
      return;
    }
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers[":status"] !== undefined) outcome.status = Number(headers[":status"]);
      if (headers["grpc-status"] !== undefined) outcome.grpcStatus = String(headers["grpc-status"]);
      if (headers["grpc-message"] !== undefined) outcome.grpcMessage = String(headers["grpc-message"]);
    };
    stream.on("response", take);
    stream.on("trailers", take);
    stream.on("data", () => undefined);
    stream.on("error", (error) => finish(`stream error ${error.message}`));
    stream.on("close", () => finish(`closed ${stream.rstCode}`));
    stream.end(fuzz.truncated ? fuzz.body.subarray(0, Math.floor(fuzz.body.length / 2)) : fuzz.body);
  });
}

/**
 * wrongOutcome says what is wrong with an answer, or undefined if it is fine:
 * any 5xx, or a gRPC status that says the server failed (Unknown,
 * Unavailable, or Internal with connect's "internal error" for an unexpected
 * throw). connect-es's own Internal for bytes it cannot parse is documented
 * (README "Guarantees") and allowed, and so is its 505 HTTP Version Not
 * Supported for a bidirectional stream (reflection) asked over HTTP/1.1.
 */
function wrongOutcome(outcome: Outcome, fuzz: FuzzCase): string | undefined {
  const needsHttp2 = fuzz.transport === "http/1.1" && fuzz.path.startsWith("/grpc.reflection.");
  if (outcome.status === 505 && needsHttp2) return undefined;
  if (outcome.status !== undefined && outcome.status >= 500) return `HTTP ${outcome.status}`;
  if (outcome.grpcStatus === "2" || outcome.grpcStatus === "14") return `grpc-status ${outcome.grpcStatus}`;
  if (outcome.grpcStatus === "13" && /^internal( |%20)error$/.test(outcome.grpcMessage ?? "")) {
    return "grpc-status 13 internal error";
  }
  if (outcome.ended === "no answer in time") return "no answer in time";
  return undefined;
}

function describeCase(fuzz: FuzzCase): string {
  const body = Buffer.from(fuzz.body).toString("latin1").slice(0, 60);
  return `${fuzz.transport} ${fuzz.method} ${JSON.stringify(fuzz.path.slice(0, 80))} content-type=${JSON.stringify(fuzz.contentType)} auth=${fuzz.authorization} ${JSON.stringify(fuzz.extra).slice(0, 60)} body=${JSON.stringify(body)}${fuzz.truncated ? " truncated" : ""}`;
}

describe("transport fuzzer", () => {
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdgeServer({ LATCHKEY_HEADERS_TIMEOUT_MS: "5000" });
  });
  afterAll(() => edge?.server.child.kill("SIGKILL"));

  it(`${CASES} malformed requests over HTTP/1.1 and HTTP/2: never a 5xx, the process stays up, a normal call works after`, async () => {
    const cases = fc.sample(CASE, { seed: SEED, numRuns: CASES });
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length && edge.server.child.exitCode === null) {
        const fuzz = cases[next++] as FuzzCase;
        const send = fuzz.transport === "h2" ? sendHttp2 : sendHttp1;
        const outcome = await send(edge.port, fuzz, edge.key);
        const wrong = wrongOutcome(outcome, fuzz);
        if (wrong !== undefined) failures.push(`${wrong} (${outcome.ended}) ← ${describeCase(fuzz)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const exited = edge.server.child.exitCode;
    const report = [
      `seed ${SEED} (LATCHKEY_FUZZ_SEED), ${next} of ${cases.length} cases sent`,
      ...(exited === null ? [] : [`the server exited with ${exited}: ${edge.server.stderr().slice(-2_000)}`]),
      ...failures.slice(0, 40),
      ...(failures.length > 40 ? [`… and ${failures.length - 40} more`] : []),
    ].join("\n");
    expect(exited, report).toBeNull();
    expect(failures, report).toEqual([]);
    await stillServes(edge);
  }, 600_000);
});
