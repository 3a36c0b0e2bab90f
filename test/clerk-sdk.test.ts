import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestEnv, type TestEnv, type TestInstance } from "./harness.js";
import { describeUnless } from "./skip-reason.js";

// The reference's own SDK against latchkey's REST API. `@clerk/backend` is not
// a dependency of latchkey (it is only this check's), so the suite runs where
// it is installed (`npm install --no-save @clerk/backend@3.25.0`, as CI does)
// and is skipped elsewhere. The name is held in a variable so typechecking does not
// need the package (the module is untyped here).
const SDK = "@clerk/backend";
const sdk = await import(SDK).catch(() => undefined);
// CI installs it (.ci/run), so there the suite must run.
if (process.env.CI && sdk === undefined) throw new Error("CI must install @clerk/backend for test/clerk-sdk.test.ts");

const needsSdk =
  sdk === undefined ? `needs the reference SDK: npm install --no-save ${SDK}@3.25.0 (as .ci/run does)` : undefined;

let env: TestEnv;
let instance: TestInstance;

describeUnless(needsSdk)("@clerk/backend pointed at latchkey", () => {
  beforeAll(async () => {
    env = await startTestEnv("gRPC on a real port");
    instance = await env.newInstance();
  });
  afterAll(() => env.close());

  const client = (keys: Record<string, string>) => sdk?.createClerkClient({ apiUrl: env.url, ...keys });

  it("manages machines, keys and scopes with the instance key", async () => {
    const admin = client({ secretKey: instance.secret });
    const ledger = await admin.machines.create({ name: "ledger" });
    const billing = await admin.machines.create({ name: "billing", scopedMachines: [ledger.id], defaultTokenTtl: 600 });
    expect(billing).toMatchObject({ name: "billing", instanceId: instance.instanceId, defaultTokenTtl: 600 });
    expect(billing.secretKey).toMatch(/^ak_/);
    expect(billing.scopedMachines.map((m: { id: string }) => m.id)).toEqual([ledger.id]);
    expect((await admin.machines.get(billing.id)).name).toBe("billing");
    const page = await admin.machines.list({ orderBy: "+name", limit: 1, offset: 1 });
    expect(page.totalCount).toBe(2);
    expect(page.data.map((m: { name: string }) => m.name)).toEqual(["ledger"]);
    expect((await admin.machines.update({ machineId: billing.id, name: "billing-2" })).name).toBe("billing-2");
    expect((await admin.machines.getSecretKey(billing.id)).secret).toBe(billing.secretKey);
    const rotated = await admin.machines.rotateSecretKey({ machineId: billing.id, previousTokenTtl: 0 });
    expect(rotated.secret).not.toBe(billing.secretKey);
    const audit = await admin.machines.create({ name: "audit" });
    const scope = await admin.machines.createScope(billing.id, audit.id);
    expect(scope).toMatchObject({ fromMachineId: billing.id, toMachineId: audit.id });
    expect(await admin.machines.deleteScope(billing.id, audit.id)).toMatchObject({ deleted: true });
    expect(await admin.machines.delete(audit.id)).toMatchObject({ id: audit.id, deleted: true });
    await expect(admin.machines.get(audit.id)).rejects.toMatchObject({ status: 404 });
  });

  it("creates, verifies, lists and revokes M2M tokens with machine keys", async () => {
    const admin = client({ secretKey: instance.secret });
    const ledger = await admin.machines.create({ name: "ledger" });
    const billing = await admin.machines.create({ name: "billing", scopedMachines: [ledger.id] });
    const asBilling = client({ machineSecretKey: billing.secretKey });
    const asLedger = client({ machineSecretKey: ledger.secretKey });

    const created = await asBilling.m2m.createToken({ claims: { job: "nightly" } });
    expect(created).toMatchObject({ subject: billing.id, scopes: [ledger.id], claims: { job: "nightly" } });
    expect(created.expiration - created.createdAt).toBe(3_600_000);
    const verified = await asLedger.m2m.verify({ token: created.token });
    expect(verified).toMatchObject({ id: created.id, subject: billing.id, revoked: false });
    const listed = await asBilling.m2m.list({ subject: billing.id });
    expect(listed.totalCount).toBe(1);
    const revoked = await asBilling.m2m.revokeToken({ m2mTokenId: created.id, revocationReason: "done" });
    expect(revoked).toMatchObject({ revoked: true, revocationReason: "done" });
    await expect(asLedger.m2m.verify({ token: created.token })).rejects.toMatchObject({ status: 404 });
    await expect(admin.m2m.createToken()).rejects.toMatchObject({ status: 401 });
  });
});
