import { Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { type App, createApp } from "../src/app.js";
import { InstanceRepository } from "../src/db/instance-repository.js";
import { failure, inMemoryTransport, startTestEnv, type TestEnv } from "./harness.js";

// Two apps on one database stand for two server processes behind a load
// balancer: each has its own credential cache, kept honest by LISTEN/NOTIFY.
let env: TestEnv;
let second: App;
beforeAll(async () => {
  env = await startTestEnv();
  second = createApp(env.database, env.secrets);
  await second.start();
});
afterAll(async () => {
  await second.stop();
  await env.close();
});

function tokensOn(app: App, key: string) {
  return createClient(TokenService, inMemoryTransport(app, key));
}

/** eventually retries `check` until it passes, for at most `ms`; returns how long it took. */
async function eventually(check: () => Promise<void>, ms = 2000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > ms) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe("credential cache across server processes", () => {
  it("a revocation through one process is honoured by the other", async () => {
    const instance = await env.newInstance();
    const b = await instance.machines.createMachine({ name: "b" });
    const a = await instance.machines.createMachine({ name: "a", scopedMachineIds: [b.machine?.id as string] });
    const { secret, token } = await tokensOn(env.app, a.secretKey).createToken({});
    const bOnSecond = tokensOn(second, b.secretKey);
    await bOnSecond.verifyToken({ token: secret });
    await bOnSecond.verifyToken({ token: secret }); // now cached in the second process

    await tokensOn(env.app, a.secretKey).revokeToken({ id: token?.id as string });
    const took = await eventually(async () => {
      const error = await failure(bOnSecond.verifyToken({ token: secret }));
      expect(error.code).toBe(Code.PermissionDenied);
    });
    expect(took).toBeLessThan(1000);
    // The process that revoked refuses at once, with no wait.
    const local = await failure(tokensOn(env.app, b.secretKey).verifyToken({ token: secret }));
    expect(local.metadata.get("latchkey-error-reason")).toBe("TOKEN_REVOKED");
  });

  it("a key rotated and a machine deleted through one process stop working in the other", async () => {
    const instance = await env.newInstance();
    const b = await instance.machines.createMachine({ name: "b" });
    const a = await instance.machines.createMachine({ name: "a", scopedMachineIds: [b.machine?.id as string] });
    const aOnSecond = tokensOn(second, a.secretKey);
    const { secret } = await aOnSecond.createToken({}); // a's key is now cached in the second process
    const bOnSecond = tokensOn(second, b.secretKey);
    await bOnSecond.verifyToken({ token: secret });

    await instance.machines.rotateMachineSecretKey({ id: a.machine?.id as string, previousKeyTtlSeconds: 0n });
    await eventually(async () => {
      expect((await failure(aOnSecond.createToken({}))).code).toBe(Code.Unauthenticated);
    });
    await eventually(async () => {
      expect((await failure(bOnSecond.verifyToken({ token: secret }))).code).toBe(Code.PermissionDenied);
    });

    await instance.machines.deleteMachine({ id: b.machine?.id as string });
    await eventually(async () => {
      expect((await failure(bOnSecond.verifyToken({ token: secret }))).code).toBe(Code.Unauthenticated);
    });
  });

  it("an instance key revoked through one process stops working in the other", async () => {
    const instance = await env.newInstance();
    const onSecond = createClient(MachineService, inMemoryTransport(second, instance.secret));
    await onSecond.createMachine({ name: "cached" }); // the key is now cached in the second process

    await new InstanceRepository(env.database.fork(), env.app.credentials).revokeKey(instance.keyId);
    expect((await failure(instance.machines.createMachine({ name: "x" }))).code).toBe(Code.Unauthenticated);
    const took = await eventually(async () => {
      expect((await failure(onSecond.createMachine({ name: "y" }))).code).toBe(Code.Unauthenticated);
    });
    expect(took).toBeLessThan(1000);
  });

  it("GetMachine through the other process shows every change made through one, and only to its instance", async () => {
    const instance = await env.newInstance();
    const onSecond = createClient(MachineService, inMemoryTransport(second, instance.secret));
    const target = await instance.machines.createMachine({ name: "target" });
    const a = await instance.machines.createMachine({ name: "a", scopedMachineIds: [target.machine?.id as string] });
    const b = await instance.machines.createMachine({ name: "b" });
    const [aId, bId, targetId] = [a.machine?.id, b.machine?.id, target.machine?.id] as [string, string, string];
    /** seen: GetMachine on the second process, twice, so the second answer comes from its cache. */
    const seen = async (id: string) => {
      await onSecond.getMachine({ id });
      return (await onSecond.getMachine({ id })).machine;
    };
    const scopedOf = async (id: string) => (await onSecond.getMachine({ id })).machine?.scopedMachines.map((m) => m.id);

    expect((await seen(aId))?.scopedMachines.map((m) => m.name)).toEqual(["target"]);
    await instance.machines.updateMachine({ id: targetId, name: "renamed" }); // a lists target: a's view changes
    await eventually(async () => {
      expect((await onSecond.getMachine({ id: aId })).machine?.scopedMachines.map((m) => m.name)).toEqual(["renamed"]);
    });

    await seen(aId);
    await instance.machines.updateMachine({ id: aId, name: "a2" });
    await eventually(async () => expect((await onSecond.getMachine({ id: aId })).machine?.name).toBe("a2"));

    const before = (await seen(aId))?.updateTime;
    await instance.machines.rotateMachineSecretKey({ id: aId, previousKeyTtlSeconds: 0n });
    await eventually(async () =>
      expect((await onSecond.getMachine({ id: aId })).machine?.updateTime).not.toEqual(before),
    );

    await seen(bId);
    await instance.machines.createMachineScope({ machineId: bId, toMachineId: aId });
    await eventually(async () => expect(await scopedOf(bId)).toEqual([aId]));
    await seen(bId);
    await instance.machines.deleteMachineScope({ machineId: bId, otherMachineId: aId });
    await eventually(async () => expect(await scopedOf(bId)).toEqual([]));

    // Deleting a machine that a lists as scoped changes a's view; deleting a makes it NotFound.
    await seen(aId);
    await instance.machines.deleteMachine({ id: targetId });
    await eventually(async () => expect(await scopedOf(aId)).toEqual([]));
    await seen(aId);
    await instance.machines.deleteMachine({ id: aId });
    await eventually(async () => expect((await failure(onSecond.getMachine({ id: aId }))).code).toBe(Code.NotFound));

    // The process that made a change shows it at once; another instance never sees a cached machine.
    await seen(bId);
    await instance.machines.updateMachine({ id: bId, name: "b2" });
    expect((await instance.machines.getMachine({ id: bId })).machine?.name).toBe("b2");
    const other = await env.newInstance();
    const otherOnSecond = createClient(MachineService, inMemoryTransport(second, other.secret));
    expect((await failure(otherOnSecond.getMachine({ id: bId }))).code).toBe(Code.NotFound);
  });
});
