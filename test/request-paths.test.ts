import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Health, HealthCheckResponse_ServingStatus } from "../gen/ts/grpc/health/v1/health_pb.js";
import { type LatchkeyProcess, removeTempDirs, serveLatchkey, tempDataDir, waitFor } from "./process.js";
import { describeUnless, EMBEDDED_ONLY } from "./skip-reason.js";

// Paths that each ended the process before (a synchronous URIError or
// `new URL()` TypeError in the plain-HTTP fallback), with what the caller
// should see instead: a 4xx in the shape of the surface the path belongs to.
const HOSTILE_PATHS = [
  { path: "//", status: 404 },
  { path: "//x//y", status: 404 },
  { path: "/instances/%E0/.well-known/jwks.json", status: 400, body: { error: "invalid_request" } },
  { path: "/.well-known/oauth-authorization-server/instances/%", status: 400, body: { error: "invalid_request" } },
  { path: "/instances/%/.well-known/oauth-authorization-server", status: 400, body: { error: "invalid_request" } },
  { path: "/v1/machines/%E0", status: 400, body: { errors: [{ code: "request_path_invalid" }] } },
  { path: "/%", status: 404 },
] as const;

/** ALLOWED_ORIGIN may call across origins (LATCHKEY_CORS_ORIGINS), so the server answers its preflights. */
const ALLOWED_ORIGIN = "https://console.example.com";

// A real server process on the embedded database: path handling does not
// depend on which database is behind it, so the PostgreSQL pass skips this file.
const embeddedOnly = EMBEDDED_ONLY !== undefined;
const describeEmbedded = describeUnless(EMBEDDED_ONLY);

let server: LatchkeyProcess;
let port: number;
beforeAll(async () => {
  if (embeddedOnly) return;
  ({ server, port } = await serveLatchkey({ LATCHKEY_DATA_DIR: tempDataDir(), LATCHKEY_CORS_ORIGINS: ALLOWED_ORIGIN }));
});
afterAll(async () => {
  if (embeddedOnly) return;
  server.child.kill("SIGKILL");
  await server.exit;
  removeTempDirs();
});

type Answer = { status: number; body: string };

/** overHttp1 sends a GET with the path exactly as given (no client-side normalization). */
function overHttp1(path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "GET", agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** overHttp2 sends a GET on a cleartext HTTP/2 connection with the path exactly as given. */
function overHttp2(path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", reject);
    const stream = session.request({ ":method": "GET", ":path": path });
    let status = 0;
    let body = "";
    stream.on("response", (headers) => {
      status = Number(headers[":status"]);
    });
    stream.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    stream.on("end", () => {
      session.close();
      resolve({ status, body });
    });
    stream.on("error", reject);
  });
}

async function healthyOver(transport: "Connect" | "gRPC"): Promise<HealthCheckResponse_ServingStatus> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const health = createClient(
    Health,
    transport === "gRPC" ? createGrpcTransport({ baseUrl }) : createConnectTransport({ baseUrl, httpVersion: "1.1" }),
  );
  return (await health.check({})).status;
}

for (const [protocol, send] of [
  ["HTTP/1.1", overHttp1],
  ["HTTP/2", overHttp2],
] as const) {
  describeEmbedded(`hostile paths over ${protocol}`, () => {
    it.each(HOSTILE_PATHS)("$path is answered $status and the server keeps serving", async ({
      path,
      status,
      ...rest
    }) => {
      const answer = await send(path);
      expect(answer.status).toBe(status);
      if ("body" in rest) expect(JSON.parse(answer.body)).toMatchObject(rest.body);
      expect(server.child.exitCode).toBeNull();
      expect(await healthyOver("gRPC")).toBe(HealthCheckResponse_ServingStatus.SERVING);
      expect(await healthyOver("Connect")).toBe(HealthCheckResponse_ServingStatus.SERVING);
    });
  });
}

/** rawHttp sends `request` as is on a new connection and returns the status line the server answers with. */
function rawHttp(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on("close", () => resolve(answer.split("\r\n", 1)[0] ?? ""));
    socket.on("error", reject);
  });
}

/** postJson sends a Connect unary call as plain JSON over HTTP/1.1 and returns its status. */
async function postJson(path: string, body: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  await res.text();
  return res.status;
}

describeEmbedded("the front's log", () => {
  const lines = () =>
    server
      .stdout()
      .split("\n")
      .filter((line) => line.includes('"msg":"request'));

  /** quietCount is the number of request lines once no new one came for 300 ms (earlier requests' lines are all in). */
  async function quietCount(): Promise<number> {
    for (let count = lines().length; ; ) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (lines().length === count) return count;
      count = lines().length;
    }
  }

  /** linesOf runs `send` and returns the log lines written for it, once its line is in and nothing more came for a while. */
  async function linesOf(send: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    const before = await quietCount();
    await send();
    await waitFor(() => (lines().length > before ? true : undefined), "the log line");
    await quietCount();
    return lines()
      .slice(before)
      .map((line) => JSON.parse(line));
  }

  it("writes one line per plain-HTTP request, naming the route template, never the raw path", async () => {
    const path = "/instances/ins_marker%E0/.well-known/jwks.json";
    const logged = await linesOf(async () => expect((await overHttp1(path)).status).toBe(400));
    expect(logged).toEqual([
      expect.objectContaining({ method: "GET", route: "GET /instances/{id}/.well-known/jwks.json", status: 400 }),
    ]);
    expect(server.stdout()).not.toContain("marker");
  });

  it("writes one line of the same shape per RPC, with its code, whether it ran, was refused at the gate or failed to parse", async () => {
    const check = "/grpc.health.v1.Health/Check";
    expect(await linesOf(() => healthyOver("gRPC"))).toEqual([
      expect.objectContaining({ method: "POST", route: `POST ${check}`, status: 200, code: "ok" }),
    ]);
    expect(await linesOf(async () => expect(await postJson(check, "{")).toBe(400))).toEqual([
      expect.objectContaining({ method: "POST", route: `POST ${check}`, status: 400, code: "InvalidArgument" }),
    ]);
    const getMachine = "/latchkey.machine.v1.MachineService/GetMachine";
    expect(await linesOf(async () => expect(await postJson(getMachine, '{"id":"mch_x"}')).toBe(401))).toEqual([
      expect.objectContaining({
        msg: "request",
        method: "POST",
        route: `POST ${getMachine}`,
        status: 401,
        code: "Unauthenticated",
        duration_ms: expect.any(Number),
      }),
    ]);
  });

  it("writes one line for a CORS preflight, which the front answers before routing", async () => {
    const preflight = () =>
      fetch(`http://127.0.0.1:${port}/latchkey.machine.v1.MachineService/CreateMachine`, {
        method: "OPTIONS",
        headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "POST" },
      });
    const logged = await linesOf(async () => expect((await preflight()).status).toBe(204));
    expect(logged).toEqual([
      expect.objectContaining({ msg: "request", method: "OPTIONS", route: "CORS preflight", status: 204 }),
    ]);
  });

  it("answers an RPC without a Host 400, not a server failure", async () => {
    const path = "/grpc.health.v1.Health/Check";
    const request = `POST ${path} HTTP/1.0\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`;
    const logged = await linesOf(async () => expect(await rawHttp(request)).toBe("HTTP/1.1 400 Bad Request"));
    expect(logged).toEqual([expect.objectContaining({ msg: "request", route: `POST ${path}`, status: 400 })]);
  });
});
