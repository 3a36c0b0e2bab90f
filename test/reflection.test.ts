import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServerReflection } from "../gen/ts/grpc/reflection/v1/reflection_pb.js";
import { failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

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

  it("needs the same bearer key as everything else", async () => {
    const anonymous = await bufCurl("/latchkey.machine.v1.MachineService/ListMachines", [], null);
    expect(anonymous.ok).toBe(false);
    expect(anonymous.stdout).toContain("failed to find service");

    const reflection = createClient(ServerReflection, env.transportWithKey(undefined));
    async function* listServices() {
      yield { messageRequest: { case: "listServices" as const, value: "" } };
    }
    const error = await failure(
      (async () => {
        for await (const _ of reflection.serverReflectionInfo(listServices())) {
          // a response would mean reflection answered without a key
        }
      })(),
    );
    expect(error.code).toBe(Code.Unauthenticated);
  });
});
