import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "../gen/ts/google/rpc/error_details_pb.js";
import { Health, HealthCheckResponse_ServingStatus } from "../gen/ts/grpc/health/v1/health_pb.js";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { type ListeningServer, listen } from "../src/server.js";
import { bearer, failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

let env: TestEnv;
let server: ListeningServer;
let instance: TestInstance;
beforeAll(async () => {
  env = await startTestEnv();
  server = await listen(env.app, { port: 0, host: "127.0.0.1" });
  instance = await env.newInstance();
});
afterAll(async () => {
  await server.close(1000);
  await env.close();
});

type Protocol = { name: string; transport: (key?: string) => Transport };
const protocols: Protocol[] = [
  {
    name: "gRPC over HTTP/2",
    transport: (key) => createGrpcTransport({ baseUrl: server.url, interceptors: key ? [bearer(key)] : [] }),
  },
  {
    name: "gRPC-Web over HTTP/1.1",
    transport: (key) =>
      createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1", interceptors: key ? [bearer(key)] : [] }),
  },
  {
    name: "Connect JSON over HTTP/1.1",
    transport: (key) =>
      createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", interceptors: key ? [bearer(key)] : [] }),
  },
  {
    name: "Connect binary over HTTP/2",
    transport: (key) =>
      createConnectTransport({
        baseUrl: server.url,
        httpVersion: "2",
        useBinaryFormat: true,
        interceptors: key ? [bearer(key)] : [],
      }),
  },
];

describe.each(protocols)("on a real port with $name", ({ transport }) => {
  it("creates, gets and streams machines", async () => {
    const client = createClient(MachineService, transport(instance.secret));
    const callee = await client.createMachine({ name: "wire-callee" });
    const created = await client.createMachine({
      name: "wire",
      scopedMachineIds: [callee.machine?.id as string],
      defaultTokenTtlSeconds: 90n,
    });
    const id = created.machine?.id as string;
    expect((await client.getMachine({ id })).machine).toEqual(created.machine);
    // The stream carries the same machine, every field, on every protocol
    // (over binary protocols it is written pre-encoded, src/services/machine-wire.ts).
    const seen = [];
    for await (const message of client.listMachines({ query: id })) seen.push(...message.machines);
    expect(seen).toEqual([created.machine]);
    expect(seen[0]?.scopedMachines.map((m) => m.name)).toEqual(["wire-callee"]);
  });

  it("returns Unauthenticated without a key and NotFound for a missing machine", async () => {
    const anonymous = createClient(MachineService, transport());
    expect((await failure(anonymous.getMachine({ id: `mch_${"1".repeat(27)}` }))).code).toBe(Code.Unauthenticated);
    const client = createClient(MachineService, transport(instance.secret));
    const missing = await failure(client.getMachine({ id: `mch_${"1".repeat(27)}` }));
    expect(missing.code).toBe(Code.NotFound);
    expect(missing.rawMessage).toContain("not found");
  });

  it("carries a google.rpc.ErrorInfo with the reason and the field", async () => {
    const client = createClient(MachineService, transport(instance.secret));
    const id = `mch_${"1".repeat(27)}`;
    const missing = await failure(client.getMachine({ id }));
    expect(missing.findDetails(ErrorInfoSchema)).toEqual([
      expect.objectContaining({
        reason: "MACHINE_NOT_FOUND",
        domain: "latchkey",
        metadata: { resource: "machine", id },
      }),
    ]);
    const invalid = await failure(client.createMachine({ name: " " }));
    expect(invalid.findDetails(ErrorInfoSchema)).toEqual([
      expect.objectContaining({ reason: "INVALID_FIELD", domain: "latchkey", metadata: { field: "name" } }),
    ]);
  });
});

describe("health", () => {
  it("answers grpc.health.v1 checks without a key", async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl: server.url }));
    expect((await health.check({})).status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    expect((await health.check({ service: MachineService.typeName })).status).toBe(
      HealthCheckResponse_ServingStatus.SERVING,
    );
    expect((await failure(health.check({ service: "no.such.Service" }))).code).toBe(Code.NotFound);
  });

  it("streams NOT_SERVING to Watch when the server starts draining", async () => {
    const drainingEnv = await startTestEnv();
    const draining = await listen(drainingEnv.app, { port: 0, host: "127.0.0.1" });
    try {
      const health = createClient(Health, createGrpcTransport({ baseUrl: draining.url }));
      const statuses: HealthCheckResponse_ServingStatus[] = [];
      for await (const { status } of health.watch({})) {
        statuses.push(status);
        if (statuses.length === 1) drainingEnv.app.health.drain();
        if (statuses.length === 2) break;
      }
      expect(statuses).toEqual([
        HealthCheckResponse_ServingStatus.SERVING,
        HealthCheckResponse_ServingStatus.NOT_SERVING,
      ]);
    } finally {
      await draining.close(1000);
      await drainingEnv.close();
    }
  });
});

describe("errors on the wire", () => {
  it("refuses a NUL byte in validation, naming the field, before it reaches the database", async () => {
    const client = createClient(MachineService, protocols[0]?.transport(instance.secret) as Transport);
    const error = await failure(client.createMachine({ name: "a\u0000b" }));
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("name: must not contain NUL characters");
  });
});

describe("TLS", () => {
  it("serves gRPC over HTTP/2 and Connect over HTTP/1.1 on one TLS port", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-tls-"));
    const certFile = join(dir, "cert.pem");
    const keyFile = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ],
      { stdio: "ignore" },
    );
    const tlsServer = await listen(env.app, { port: 0, host: "127.0.0.1", tls: { certFile, keyFile } });
    try {
      expect(tlsServer.url).toMatch(/^https:/);
      const ca = readFileSync(certFile);
      const grpc = createClient(
        MachineService,
        createGrpcTransport({ baseUrl: tlsServer.url, nodeOptions: { ca }, interceptors: [bearer(instance.secret)] }),
      );
      const { machine } = await grpc.createMachine({ name: "over tls" });
      const connect = createClient(
        MachineService,
        createConnectTransport({
          baseUrl: tlsServer.url,
          httpVersion: "1.1",
          nodeOptions: { ca },
          interceptors: [bearer(instance.secret)],
        }),
      );
      expect((await connect.getMachine({ id: machine?.id as string })).machine?.name).toBe("over tls");
    } finally {
      await tlsServer.close(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
