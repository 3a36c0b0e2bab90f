import { Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { InstanceRepository } from "../src/db/instance-repository.js";
import { newSecret } from "../src/domain/secrets.js";
import { failure, startTestEnv, type TestEnv } from "./harness.js";

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(() => env.close());

const ANY_ID = `mch_${"0".repeat(27)}`;

describe("bearer authentication", () => {
  it("refuses a missing, malformed, unknown or machine key with Unauthenticated", async () => {
    const unknown = newSecret("sk");
    for (const header of [
      undefined,
      "",
      "Basic abc",
      "Bearer",
      "Bearer sk_short",
      `Bearer ${newSecret("ak")}`,
      `Bearer ${unknown}`,
    ]) {
      const transport = env.transportWithKey(undefined);
      const client = createClient(MachineService, transport);
      const headers: Record<string, string> = header === undefined ? {} : { authorization: header };
      const error = await failure(client.getMachine({ id: ANY_ID }, { headers }));
      expect(error.code, String(header)).toBe(Code.Unauthenticated);
      expect(error.rawMessage).not.toContain(unknown);
    }
  });

  it("tells a caller without a key, or with something else than a key, what to send", async () => {
    const client = createClient(MachineService, env.transportWithKey(undefined));
    for (const headers of [{}, { authorization: "Basic abc" }] as Record<string, string>[]) {
      const error = await failure(client.getMachine({ id: ANY_ID }, { headers }));
      expect(error.code).toBe(Code.Unauthenticated);
      expect(error.rawMessage).toContain("`authorization: Bearer sk_…` (an instance key)");
      expect(error.rawMessage).toContain("`authorization: Bearer ak_…` (a machine key)");
    }
  });

  it("stops accepting a revoked key at once, while the instance's other keys still work", async () => {
    const instance = await env.newInstance();
    const repo = new InstanceRepository(env.database.fork(), env.app.credentials);
    const second = await repo.createKey(instance.instanceId);
    const secondClient = createClient(MachineService, env.transportWithKey(second.secret));
    const { machine } = await instance.machines.createMachine({ name: "shared" });
    expect((await secondClient.getMachine({ id: machine?.id as string })).machine?.name).toBe("shared");

    await repo.revokeKey(instance.keyId);
    expect((await failure(instance.machines.getMachine({ id: machine?.id as string }))).code).toBe(
      Code.Unauthenticated,
    );
    expect((await secondClient.getMachine({ id: machine?.id as string })).machine?.name).toBe("shared");
    await expect(repo.revokeKey(instance.keyId)).rejects.toThrow(/not found/);
  });

  it("accepts the scheme name in any case", async () => {
    const instance = await env.newInstance();
    const client = createClient(MachineService, env.transportWithKey(undefined));
    const error = await failure(
      client.getMachine({ id: ANY_ID }, { headers: { authorization: `bearer ${instance.secret}` } }),
    );
    expect(error.code).toBe(Code.NotFound);
  });
});
