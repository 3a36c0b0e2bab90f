import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Code, createClient, type Transport } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServerReflection, type ServerReflectionRequest } from "../gen/ts/grpc/reflection/v1/reflection_pb.js";
import { createApp } from "../src/app.js";
import { drain, failure, inMemoryTransport, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

const run = promisify(execFile);
let env: TestEnv;
let instance: TestInstance;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
  instance = await env.newInstance();
});
afterAll(() => env.close());

/** bufCurl runs `buf curl` with no proto files: the schema comes from server reflection. */
async function bufCurl(path: string, args: string[], key: string | null = instance.secret) {
  const auth = key === null ? [] : ["-H", `authorization: Bearer ${key}`, "--reflect-header", "*"];
  try {
    const { stdout } = await run("node_modules/.bin/buf", [
      "curl",
      "--http2-prior-knowledge",
      ...auth,
      ...args,
      `${env.url}${path}`,
    ]);
    return { ok: true, stdout };
  } catch (error) {
    return { ok: false, stdout: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe("gRPC server reflection", () => {
  it("lets buf curl call unary and streaming RPCs without proto files, over every protocol", async () => {
    const created = await bufCurl("/latchkey.machine.v1.MachineService/CreateMachine", [
      "-d",
      '{"name":"via reflection"}',
    ]);
    expect(created.ok, created.stdout).toBe(true);
    const id = JSON.parse(created.stdout).machine.id as string;
    for (const protocol of ["grpc", "grpcweb", "connect"]) {
      for (const reflectProtocol of ["grpc-v1", "grpc-v1alpha"]) {
        const listed = await bufCurl("/latchkey.machine.v1.MachineService/ListMachines", [
          "--protocol",
          protocol,
          "--reflect-protocol",
          reflectProtocol,
          "-d",
          `{"query":"${id}"}`,
        ]);
        expect(listed.ok, `${protocol} ${reflectProtocol}: ${listed.stdout}`).toBe(true);
        expect(JSON.parse(listed.stdout).machines[0].name).toBe("via reflection");
      }
    }
  });

  it("lets anyone read the schema, while a call without a key is refused with how to send one", async () => {
    const services = await bufCurl("", ["--list-services"], null);
    expect(services.ok, services.stdout).toBe(true);
    expect(services.stdout.split("\n")).toEqual(
      expect.arrayContaining(["latchkey.machine.v1.MachineService", "latchkey.scope.v1.ScopeService"]),
    );
    const methods = await bufCurl("", ["--list-methods"], null);
    expect(methods.ok, methods.stdout).toBe(true);
    expect(methods.stdout).toContain("latchkey.token.v1.TokenService/VerifyToken");

    const described = await reflect(env.transportWithKey(undefined), {
      case: "fileContainingSymbol",
      value: "latchkey.machine.v1.MachineService",
    });
    expect(described.case).toBe("fileDescriptorResponse");

    const anonymous = await bufCurl("/latchkey.machine.v1.MachineService/ListMachines", [], null);
    expect(anonymous.ok).toBe(false);
    expect(anonymous.stdout).toContain("unauthenticated");
    expect(anonymous.stdout).toContain("authorization: Bearer sk_");
    expect(anonymous.stdout).toContain("Bearer ak_");
  });

  it("needs a key with LATCHKEY_REFLECTION=key and is absent with off", async () => {
    const keyed = createApp(env.database, env.secrets, undefined, { reflection: "key" });
    const error = await failure(reflect(inMemoryTransport(keyed), { case: "listServices", value: "" }));
    expect(error.code).toBe(Code.Unauthenticated);
    const listed = await reflect(inMemoryTransport(keyed, instance.secret), { case: "listServices", value: "" });
    expect(listed.case).toBe("listServicesResponse");

    const off = createApp(env.database, env.secrets, undefined, { reflection: "off" });
    for (const key of [undefined, instance.secret]) {
      const absent = await failure(reflect(inMemoryTransport(off, key), { case: "listServices", value: "" }));
      expect(absent.code).toBe(Code.Unimplemented);
    }
  });
});

/** reflect sends one reflection query and returns the answer. */
async function reflect(transport: Transport, query: ServerReflectionRequest["messageRequest"]) {
  async function* queries() {
    yield { messageRequest: query };
  }
  const [answer] = await drain(createClient(ServerReflection, transport).serverReflectionInfo(queries()));
  return answer?.messageResponse ?? { case: undefined };
}
