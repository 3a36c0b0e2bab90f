import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http2 from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { type App, createApp } from "../src/app.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { InstanceRepository } from "../src/db/instance-repository.js";
import type { Database } from "../src/db/orm.js";
import { SecretBox } from "../src/domain/secrets.js";
import { CORS_ALLOWED_HEADERS } from "../src/http/cors.js";
import { type ListeningServer, listen } from "../src/server.js";
import { bearer, openTestDatabase } from "./harness.js";

const ALLOWED = "https://console.example.com";
const OTHER = "https://evil.example.net";
const CREATE = "/latchkey.machine.v1.MachineService/CreateMachine";
const LIST = "/latchkey.machine.v1.MachineService/ListMachines";

let database: Database;
let app: App;
let server: ListeningServer;
let plain: ListeningServer;
let key: string;
let fixture: string;

beforeAll(async () => {
  fixture = mkdtempSync(join(tmpdir(), "latchkey-console-"));
  const dist = join(fixture, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>console</title>");
  writeFileSync(join(dist, "assets", "app-1234.js"), "console.log(1)");
  writeFileSync(join(dist, "assets", "app-1234.css"), "body{}");
  writeFileSync(join(fixture, "secret.txt"), "outside the console");
  symlinkSync(join(fixture, "secret.txt"), join(dist, "link.txt"));
  database = await openTestDatabase();
  app = createApp(database, new SecretBox(randomBytes(32)), undefined, { consoleDir: dist });
  await app.start();
  server = await listen(app, { port: 0, host: "127.0.0.1", corsOrigins: [ALLOWED] });
  plain = await listen(app, { port: 0, host: "127.0.0.1" });
  key = (await new InstanceRepository(database.fork()).createInstance("cors")).secret;
});

afterAll(async () => {
  await server.close(1000);
  await plain.close(1000);
  await app.stop();
  await database.close();
  rmSync(fixture, { recursive: true, force: true });
});

/** preflight sends what a browser sends before a cross-origin Connect call. */
function preflight(base: string, path: string, origin: string, contentType: string) {
  return fetch(base + path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,connect-protocol-version,content-type",
      "x-content-type": contentType,
    },
  });
}

function createMachine(base: string, origin: string | undefined) {
  return fetch(base + CREATE, {
    method: "POST",
    headers: {
      ...(origin === undefined ? {} : { origin }),
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      "connect-protocol-version": "1",
    },
    body: JSON.stringify({ name: "from a browser" }),
  });
}

describe("CORS (LATCHKEY_CORS_ORIGINS)", () => {
  it("answers a preflight from an allowed origin for unary and server-streaming calls", async () => {
    for (const [path, type] of [
      [CREATE, "application/json"],
      [LIST, "application/connect+json"],
    ] as const) {
      const res = await preflight(server.url, path, ALLOWED, type);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      expect(res.headers.get("access-control-allow-methods")).toBe("POST, GET");
      const allowedHeaders = res.headers.get("access-control-allow-headers")?.split(", ") ?? [];
      expect(allowedHeaders).toEqual(expect.arrayContaining(["authorization", "connect-protocol-version"]));
      expect(allowedHeaders).toEqual([...CORS_ALLOWED_HEADERS]);
      expect(allowedHeaders).toEqual(expect.arrayContaining(["content-type", "connect-timeout-ms", "x-grpc-web"]));
      expect(res.headers.get("access-control-max-age")).toBe("7200");
      expect(res.headers.get("vary")).toContain("Origin");
    }
  });

  it("refuses a preflight from another origin without any CORS header", async () => {
    const res = await preflight(server.url, CREATE, OTHER, "application/json");
    expect(res.status).toBe(403);
    expect([...res.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });

  it("adds the origin and exposed headers to calls from an allowed origin, and none for others", async () => {
    const allowed = await createMachine(server.url, ALLOWED);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(allowed.headers.get("access-control-expose-headers")).toContain("latchkey-error-reason");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();

    const other = await createMachine(server.url, OTHER);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("exposes the error reason header on a failed call", async () => {
    const res = await fetch(server.url + CREATE, {
      method: "POST",
      headers: { origin: ALLOWED, authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ name: " " }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("latchkey-error-reason")).toBe("INVALID_FIELD");
  });

  it("leaves gRPC over HTTP/2 working on a server with CORS on", async () => {
    const machines = createClient(
      MachineService,
      createGrpcTransport({ baseUrl: server.url, interceptors: [bearer(key)] }),
    );
    const { machine } = await machines.createMachine({ name: "over grpc" });
    expect(machine?.name).toBe("over grpc");
  });

  it("sends no CORS headers at all by default (same-origin console only)", async () => {
    const res = await preflight(plain.url, CREATE, ALLOWED, "application/json");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const call = await createMachine(plain.url, ALLOWED);
    expect(call.status).toBe(200);
    expect(call.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("is read from LATCHKEY_CORS_ORIGINS and rejects anything but bare origins", () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ LATCHKEY_CORS_ORIGINS: ` ${ALLOWED}, http://localhost:5173 ,` }).corsOrigins).toEqual([
      ALLOWED,
      "http://localhost:5173",
    ]);
    for (const bad of ["*", "console.example.com", "https://a.example/path", "ftp://a.example"]) {
      expect(() => loadConfig({ LATCHKEY_CORS_ORIGINS: bad })).toThrow(ConfigError);
    }
  });
});

describe("the console's files at /", () => {
  it("serves index.html at / with a strict content security policy", async () => {
    const res = await fetch(`${plain.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(await res.text()).toContain("<title>console</title>");
  });

  it("serves hashed assets with their content type, cached for good", async () => {
    const js = await fetch(`${plain.url}/assets/app-1234.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    const css = await fetch(`${plain.url}/assets/app-1234.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const head = await fetch(`${plain.url}/assets/app-1234.js`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("14");
  });

  it("serves them over cleartext HTTP/2 too", async () => {
    const session = http2.connect(plain.url);
    const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
      const req = session.request({ ":path": "/assets/app-1234.css" });
      req.on("response", resolve);
      req.on("error", reject);
      req.resume();
    });
    session.close();
    expect(headers[":status"]).toBe(200);
    expect(headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("never serves a file outside its directory", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/..%5csecret.txt",
      "/link.txt",
      "/index.html%00.js",
    ]) {
      // fetch would normalize the path; send it raw.
      const res = await rawGet(plain.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain("outside the console");
    }
  });

  it("leaves RPCs and the plain-HTTP endpoints alone", async () => {
    const rpc = await createMachine(plain.url, undefined);
    expect(rpc.status).toBe(200);
    const jwks = await fetch(`${plain.url}/instances/ins_unknown/.well-known/jwks.json`);
    expect(jwks.status).toBe(404);
    expect(await jwks.json()).toEqual({ error: "not_found", error_description: "no such instance" });
    const token = await fetch(`${plain.url}/oauth/token`);
    expect(token.status).toBe(405);
    const missing = await fetch(`${plain.url}/no-such-file.js`);
    expect(missing.status).toBe(404);
  });
});

/** rawGet sends a request line exactly as given (no URL normalization). */
async function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`);
    });
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString();
    });
    socket.on("end", () => resolve({ status: Number(data.split(" ")[1]), body: data }));
    socket.on("error", reject);
  });
}
