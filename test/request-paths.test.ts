import http from "node:http";
import http2 from "node:http2";
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

// A real server process on the embedded database: path handling does not
// depend on which database is behind it, so the PostgreSQL pass skips this file.
const embeddedOnly = EMBEDDED_ONLY !== undefined;
const describeEmbedded = describeUnless(EMBEDDED_ONLY);

let server: LatchkeyProcess;
let port: number;
beforeAll(async () => {
  if (embeddedOnly) return;
  ({ server, port } = await serveLatchkey({ LATCHKEY_DATA_DIR: tempDataDir() }));
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

describeEmbedded("the front's log", () => {
  it("writes one line per plain-HTTP request, naming the route template, never the raw path", async () => {
    const lines = () =>
      server
        .stdout()
        .split("\n")
        .filter((line) => line.includes('"msg":"http request'));
    const before = lines().length;
    const path = "/instances/ins_marker%E0/.well-known/jwks.json";
    expect((await overHttp1(path)).status).toBe(400);
    const after = await waitFor(() => (lines().length > before ? lines() : undefined), "the log line");
    expect(after.length).toBe(before + 1);
    const line = JSON.parse(after.at(-1) as string);
    expect(line).toMatchObject({ method: "GET", route: "GET /instances/{id}/.well-known/jwks.json", status: 400 });
    expect(server.stdout()).not.toContain("marker");
  });
});
