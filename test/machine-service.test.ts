import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineOrder } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { MachineRepository } from "../src/db/machine-repository.js";
import { failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

let env: TestEnv;

const MACHINE_ID = /^mch_[0-9A-Za-z]{27}$/;
const MACHINE_KEY = /^ak_[0-9A-Za-z]{43}$/;
const UNKNOWN_ID = `mch_${"0".repeat(27)}`;

async function makeMachines(instance: TestInstance, count: number, prefix = "m"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { machine } = await instance.machines.createMachine({ name: `${prefix}-${i}` });
    ids.push(machine?.id ?? "");
  }
  return ids;
}

async function listAll(instance: TestInstance, request: Parameters<TestInstance["machines"]["listMachines"]>[0] = {}) {
  const messages = [];
  for await (const message of instance.machines.listMachines(request)) messages.push(message);
  return messages;
}

// The whole suite runs twice: through an in-memory Connect router, and with a
// gRPC client over HTTP/2 against the server on a real port.
describe.each(["in-memory Connect", "gRPC on a real port"] as const)("MachineService over %s", (kind) => {
  beforeAll(async () => {
    env = await startTestEnv(kind);
  });
  afterAll(() => env.close());

  describe("CreateMachine", () => {
    it("creates a machine with a trimmed name, the default TTL and a secret key", async () => {
      const instance = await env.newInstance();
      const res = await instance.machines.createMachine({ name: "  billing worker  " });
      const machine = res.machine;
      expect(machine?.id).toMatch(MACHINE_ID);
      expect(machine?.instanceId).toBe(instance.instanceId);
      expect(machine?.name).toBe("billing worker");
      expect(machine?.defaultTokenTtlSeconds).toBe(3600n);
      expect(machine?.scopedMachines).toEqual([]);
      expect(res.secretKey).toMatch(MACHINE_KEY);
      expect(machine?.createTime).toEqual(machine?.updateTime);
    });

    it("accepts names of 1 and 255 characters and refuses blank or 256", async () => {
      const { machines } = await env.newInstance();
      expect((await machines.createMachine({ name: "x" })).machine?.name).toBe("x");
      expect((await machines.createMachine({ name: "é".repeat(255) })).machine?.name).toHaveLength(255);
      for (const name of ["", "   ", "y".repeat(256)]) {
        const error = await failure(machines.createMachine({ name }));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(/^name: /);
      }
    });

    it("bounds default_token_ttl_seconds to 1..315360000", async () => {
      const { machines } = await env.newInstance();
      for (const ttl of [1n, 315_360_000n]) {
        const { machine } = await machines.createMachine({ name: "ttl", defaultTokenTtlSeconds: ttl });
        expect(machine?.defaultTokenTtlSeconds).toBe(ttl);
      }
      for (const ttl of [0n, -1n, 315_360_001n]) {
        const error = await failure(machines.createMachine({ name: "ttl", defaultTokenTtlSeconds: ttl }));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(/^default_token_ttl_seconds: /);
      }
    });

    it("creates scopes to existing machines, up to 150", async () => {
      const instance = await env.newInstance();
      const targets = await makeMachines(instance, 151);
      const { machine } = await instance.machines.createMachine({
        name: "caller",
        scopedMachineIds: targets.slice(0, 150),
      });
      expect(machine?.scopedMachines.map((m) => m.id)).toEqual([...targets.slice(0, 150)].sort());
      expect(machine?.scopedMachines.find((m) => m.id === targets[7])?.name).toBe("m-7");

      const error = await failure(instance.machines.createMachine({ name: "caller", scopedMachineIds: targets }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toMatch(/^scoped_machine_ids: .*150/);
    });

    it("refuses repeated, malformed and unknown scoped machines without writing anything", async () => {
      const instance = await env.newInstance();
      const other = await env.newInstance();
      const [a] = await makeMachines(instance, 1);
      const [foreign] = await makeMachines(other, 1);
      const cases: [string[], Code, RegExp][] = [
        [[a as string, a as string], Code.InvalidArgument, /^scoped_machine_ids\[1\]: repeats/],
        [["mch_short"], Code.InvalidArgument, /^scoped_machine_ids\[0\]: /],
        [[a as string, UNKNOWN_ID], Code.NotFound, /not found/],
        [[foreign as string], Code.NotFound, /not found/],
      ];
      for (const [scopedMachineIds, code, message] of cases) {
        const error = await failure(instance.machines.createMachine({ name: "bad", scopedMachineIds }));
        expect(error.code).toBe(code);
        expect(error.rawMessage).toMatch(message);
      }
      const [only] = await listAll(instance);
      expect(only?.totalCount).toBe(1n);
    });
  });

  describe("GetMachine", () => {
    it("returns the machine with the names of the machines it may call", async () => {
      const instance = await env.newInstance();
      const [target] = await makeMachines(instance, 1, "target");
      const { machine } = await instance.machines.createMachine({
        name: "caller",
        scopedMachineIds: [target as string],
      });
      const got = await instance.machines.getMachine({ id: machine?.id as string });
      expect(got.machine).toEqual(machine);
      expect(got.machine?.scopedMachines).toEqual([expect.objectContaining({ id: target, name: "target-0" })]);
    });

    it("reads back exactly what CreateMachine returned, with no callees or several given out of order", async () => {
      const instance = await env.newInstance();
      const targets = await makeMachines(instance, 3, "target");
      for (const scopedMachineIds of [[], [...targets].reverse()]) {
        const { machine } = await instance.machines.createMachine({
          name: "caller",
          defaultTokenTtlSeconds: 120n,
          scopedMachineIds,
        });
        expect((await instance.machines.getMachine({ id: machine?.id as string })).machine).toEqual(machine);
        expect(machine?.scopedMachines.map((callee) => callee.id)).toEqual([...scopedMachineIds].sort());
      }
    });

    it("is InvalidArgument for a malformed id and NotFound for an unknown or foreign one", async () => {
      const instance = await env.newInstance();
      const other = await env.newInstance();
      const [foreign] = await makeMachines(other, 1);
      expect((await failure(instance.machines.getMachine({ id: "" }))).code).toBe(Code.InvalidArgument);
      expect((await failure(instance.machines.getMachine({ id: "ins_123" }))).rawMessage).toMatch(/^id: /);
      expect((await failure(instance.machines.getMachine({ id: UNKNOWN_ID }))).code).toBe(Code.NotFound);
      expect((await failure(instance.machines.getMachine({ id: foreign as string }))).code).toBe(Code.NotFound);
    });
  });

  describe("UpdateMachine", () => {
    it("changes only the fields that are set", async () => {
      const { machines } = await env.newInstance();
      const { machine } = await machines.createMachine({ name: "before", defaultTokenTtlSeconds: 60n });
      const id = machine?.id as string;
      await new Promise((resolve) => setTimeout(resolve, 5));

      const renamed = (await machines.updateMachine({ id, name: " after " })).machine;
      expect(renamed?.name).toBe("after");
      expect(renamed?.defaultTokenTtlSeconds).toBe(60n);
      expect(timestampDate(renamed?.updateTime as never).getTime()).toBeGreaterThan(
        timestampDate(machine?.updateTime as never).getTime(),
      );

      const retimed = (await machines.updateMachine({ id, defaultTokenTtlSeconds: 120n })).machine;
      expect(retimed?.name).toBe("after");
      expect(retimed?.defaultTokenTtlSeconds).toBe(120n);

      const untouched = (await machines.updateMachine({ id })).machine;
      expect(untouched).toEqual(retimed);
    });

    it("validates like CreateMachine and is NotFound for another instance's machine", async () => {
      const instance = await env.newInstance();
      const other = await env.newInstance();
      const [id] = await makeMachines(instance, 1);
      const [foreign] = await makeMachines(other, 1);
      expect((await failure(instance.machines.updateMachine({ id: id as string, name: " " }))).rawMessage).toMatch(
        /^name: /,
      );
      const ttl = await failure(instance.machines.updateMachine({ id: id as string, defaultTokenTtlSeconds: 0n }));
      expect(ttl.rawMessage).toMatch(/^default_token_ttl_seconds: /);
      expect((await failure(instance.machines.updateMachine({ id: foreign as string, name: "x" }))).code).toBe(
        Code.NotFound,
      );
      expect((await other.machines.getMachine({ id: foreign as string })).machine?.name).toBe("m-0");
    });
  });

  describe("DeleteMachine", () => {
    it("deletes the machine and every scope from or to it", async () => {
      const instance = await env.newInstance();
      const [a, b, c] = (await makeMachines(instance, 3)) as [string, string, string];
      await instance.machines.createMachineScope({ machineId: a, toMachineId: b });
      await instance.machines.createMachineScope({ machineId: b, toMachineId: c });
      await instance.machines.createMachineScope({ machineId: c, toMachineId: a });

      expect((await instance.machines.deleteMachine({ id: b })).id).toBe(b);
      expect((await failure(instance.machines.getMachine({ id: b }))).code).toBe(Code.NotFound);
      expect((await instance.machines.getMachine({ id: a })).machine?.scopedMachines).toEqual([]);
      expect((await instance.machines.getMachine({ id: c })).machine?.scopedMachines.map((m) => m.id)).toEqual([a]);
      expect((await failure(instance.machines.deleteMachine({ id: b }))).code).toBe(Code.NotFound);
      expect((await failure(instance.machines.getMachineSecretKey({ id: b }))).code).toBe(Code.NotFound);
    });

    it("cannot delete another instance's machine", async () => {
      const instance = await env.newInstance();
      const other = await env.newInstance();
      const [foreign] = await makeMachines(other, 1);
      expect((await failure(instance.machines.deleteMachine({ id: foreign as string }))).code).toBe(Code.NotFound);
      expect((await other.machines.getMachine({ id: foreign as string })).machine?.id).toBe(foreign);
    });
  });

  describe("machine secret keys", () => {
    it("GetMachineSecretKey returns the key given at creation, and it is stored encrypted", async () => {
      const instance = await env.newInstance();
      const { machine, secretKey } = await instance.machines.createMachine({ name: "k" });
      const id = machine?.id as string;
      expect((await instance.machines.getMachineSecretKey({ id })).secretKey).toBe(secretKey);

      const rows = await env.database
        .fork()
        .execute<{ sealed_key: string; key_hash: string }[]>(
          "select sealed_key, key_hash from machine_secret_key where machine_id = ?",
          [id],
        );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.sealed_key).not.toContain(secretKey.slice(3));
      expect(rows[0]?.key_hash).not.toContain(secretKey.slice(3));
    });

    it("rotation returns a new key at once and keeps the previous one for its grace period", async () => {
      const instance = await env.newInstance();
      const { machine, secretKey: first } = await instance.machines.createMachine({ name: "k" });
      const id = machine?.id as string;
      const db = env.database.fork();

      const rotated = await instance.machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds: 3600n });
      expect(rotated.secretKey).toMatch(MACHINE_KEY);
      expect(rotated.secretKey).not.toBe(first);
      expect((await instance.machines.getMachineSecretKey({ id })).secretKey).toBe(rotated.secretKey);
      const graceEnd = timestampDate(rotated.previousKeyExpireTime as never);
      expect(graceEnd.getTime() - Date.now()).toBeGreaterThan(3590_000);

      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, rotated.secretKey)).toMatchObject({
        machineId: id,
        instanceId: instance.instanceId,
      });
      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, first)).toMatchObject({
        machineId: id,
        instanceId: instance.instanceId,
      });
      expect(
        await MachineRepository.findMachineByKey(db, env.app.credentials, first, new Date(graceEnd.getTime() + 1)),
      ).toBeUndefined();

      // A second rotation inside the grace period ends the oldest key at once.
      const second = await instance.machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds: 60n });
      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, first)).toBeUndefined();
      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, rotated.secretKey)).toBeDefined();
      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, second.secretKey)).toBeDefined();

      // A zero grace period ends the replaced key immediately.
      const third = await instance.machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds: 0n });
      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, second.secretKey)).toBeUndefined();
      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, rotated.secretKey)).toBeUndefined();
      expect(await MachineRepository.findMachineByKey(db, env.app.credentials, third.secretKey)).toBeDefined();
    });

    it("previous_key_ttl_seconds is required and bounded to 0..28800", async () => {
      const instance = await env.newInstance();
      const [id] = (await makeMachines(instance, 1)) as [string];
      await instance.machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds: 28_800n });
      for (const previousKeyTtlSeconds of [undefined, -1n, 28_801n]) {
        const error = await failure(instance.machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds }));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(/^previous_key_ttl_seconds: /);
      }
      const missing = await failure(
        instance.machines.rotateMachineSecretKey({ id: UNKNOWN_ID, previousKeyTtlSeconds: 0n }),
      );
      expect(missing.code).toBe(Code.NotFound);
    });

    it("concurrent rotations leave exactly one current key", async () => {
      const instance = await env.newInstance();
      const [id] = (await makeMachines(instance, 1)) as [string];
      const results = await Promise.all(
        Array.from({ length: 8 }, () => instance.machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds: 100n })),
      );
      const current = (await instance.machines.getMachineSecretKey({ id })).secretKey;
      expect(results.map((r) => r.secretKey)).toContain(current);
      const rows = await env.database
        .fork()
        .execute<{ status: string }[]>("select status from machine_secret_key where machine_id = ? order by status", [
          id,
        ]);
      expect(rows.map((r) => r.status)).toEqual(["current", "previous"]);
    });
  });

  describe("machine scopes", () => {
    it("creates one-way scopes and deletes them", async () => {
      const instance = await env.newInstance();
      const [a, b] = (await makeMachines(instance, 2)) as [string, string];
      const { scope } = await instance.machines.createMachineScope({ machineId: a, toMachineId: b });
      expect(scope).toMatchObject({ fromMachineId: a, toMachineId: b });
      expect((await instance.machines.getMachine({ id: a })).machine?.scopedMachines.map((m) => m.id)).toEqual([b]);
      expect((await instance.machines.getMachine({ id: b })).machine?.scopedMachines).toEqual([]);

      await instance.machines.deleteMachineScope({ machineId: a, otherMachineId: b });
      expect((await instance.machines.getMachine({ id: a })).machine?.scopedMachines).toEqual([]);
      const again = await failure(instance.machines.deleteMachineScope({ machineId: a, otherMachineId: b }));
      expect(again.code).toBe(Code.NotFound);
    });

    it("maps duplicates, self-scopes and unknown machines to their codes", async () => {
      const instance = await env.newInstance();
      const other = await env.newInstance();
      const [a, b] = (await makeMachines(instance, 2)) as [string, string];
      const [foreign] = (await makeMachines(other, 1)) as [string];
      await instance.machines.createMachineScope({ machineId: a, toMachineId: b });
      const cases: [{ machineId: string; toMachineId: string }, Code, RegExp][] = [
        [{ machineId: a, toMachineId: b }, Code.AlreadyExists, /already/],
        [{ machineId: a, toMachineId: a }, Code.InvalidArgument, /^to_machine_id: /],
        [{ machineId: a, toMachineId: UNKNOWN_ID }, Code.NotFound, /not found/],
        [{ machineId: UNKNOWN_ID, toMachineId: a }, Code.NotFound, /not found/],
        [{ machineId: a, toMachineId: foreign }, Code.NotFound, /not found/],
        [{ machineId: foreign, toMachineId: a }, Code.NotFound, /not found/],
        [{ machineId: "bad", toMachineId: a }, Code.InvalidArgument, /^machine_id: /],
      ];
      for (const [request, code, message] of cases) {
        const error = await failure(instance.machines.createMachineScope(request));
        expect(error.code, JSON.stringify(request)).toBe(code);
        expect(error.rawMessage).toMatch(message);
      }
      const missing = await failure(instance.machines.deleteMachineScope({ machineId: b, otherMachineId: a }));
      expect(missing.code).toBe(Code.NotFound);
    });

    it("holds the 150-scope limit and uniqueness under 50 concurrent calls", async () => {
      const instance = await env.newInstance();
      const [caller, ...targets] = (await makeMachines(instance, 176)) as [string, ...string[]];
      const fill = targets.slice(0, 125);
      for (const to of fill) await instance.machines.createMachineScope({ machineId: caller, toMachineId: to });

      // 25 free places, 50 calls: 40 distinct new targets plus 10 repeats of them.
      const fresh = targets.slice(125, 165);
      const requests = [...fresh, ...fresh.slice(0, 10)].map((to) =>
        instance.machines.createMachineScope({ machineId: caller, toMachineId: to }).then(
          () => "ok",
          (error: unknown) => Code[(error as { code: Code }).code],
        ),
      );
      const outcomes = await Promise.all(requests);
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(25);
      expect(outcomes.every((o) => ["ok", "FailedPrecondition", "AlreadyExists"].includes(o))).toBe(true);
      const scoped = (await instance.machines.getMachine({ id: caller })).machine?.scopedMachines ?? [];
      expect(scoped).toHaveLength(150);
      expect(new Set(scoped.map((m) => m.id)).size).toBe(150);

      const over = await failure(
        instance.machines.createMachineScope({ machineId: caller, toMachineId: targets[170] as string }),
      );
      expect(over.code).toBe(Code.FailedPrecondition);
    });
  });

  describe("ListMachines", () => {
    it("streams newest first by default, with the total count", async () => {
      const instance = await env.newInstance();
      const ids = await makeMachines(instance, 3);
      const messages = await listAll(instance);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.totalCount).toBe(3n);
      expect(messages[0]?.machines.map((m) => m.id)).toEqual([...ids].reverse());
    });

    it("orders by name and by creation time, both ways", async () => {
      const instance = await env.newInstance();
      for (const name of ["delta", "Alpha", "charlie", "bravo"]) await instance.machines.createMachine({ name });
      const names = async (orderBy: MachineOrder) =>
        (await listAll(instance, { orderBy })).flatMap((m) => m.machines.map((machine) => machine.name));
      const byName = await names(MachineOrder.NAME_ASC);
      expect(byName.map((n) => n.toLowerCase())).toEqual(["alpha", "bravo", "charlie", "delta"]);
      expect(await names(MachineOrder.NAME_DESC)).toEqual([...byName].reverse());
      expect(await names(MachineOrder.CREATE_TIME_ASC)).toEqual(["delta", "Alpha", "charlie", "bravo"]);
      expect(await names(MachineOrder.CREATE_TIME_DESC)).toEqual(["bravo", "charlie", "Alpha", "delta"]);
    });

    it("filters by exact id or case-insensitive name substring, with wildcards taken literally", async () => {
      const instance = await env.newInstance();
      const { machine } = await instance.machines.createMachine({ name: "Payments API" });
      await instance.machines.createMachine({ name: "payments-worker" });
      await instance.machines.createMachine({ name: "100% batch" });
      await instance.machines.createMachine({ name: "search" });
      const query = async (q: string) =>
        (await listAll(instance, { query: q, orderBy: MachineOrder.NAME_ASC })).flatMap((m) =>
          m.machines.map((x) => x.name),
        );
      expect(await query("PAYMENTS")).toEqual(["Payments API", "payments-worker"]);
      expect(await query(machine?.id as string)).toEqual(["Payments API"]);
      expect(await query("%")).toEqual(["100% batch"]);
      expect(await query("_")).toEqual([]);
      const [first] = await listAll(instance, { query: "payments" });
      expect(first?.totalCount).toBe(2n);
    });

    it("applies limit and offset, and sends one empty message when nothing matches", async () => {
      const instance = await env.newInstance();
      const ids = await makeMachines(instance, 5);
      const page = await listAll(instance, { orderBy: MachineOrder.CREATE_TIME_ASC, limit: 2n, offset: 1n });
      expect(page.flatMap((m) => m.machines.map((x) => x.id))).toEqual(ids.slice(1, 3));
      expect(page[0]?.totalCount).toBe(5n);
      const empty = await listAll(instance, { query: "nothing like this" });
      expect(empty).toHaveLength(1);
      expect(empty[0]?.machines).toEqual([]);
      expect(empty[0]?.totalCount).toBe(0n);
    });

    it("streams in messages of at most 100 and resumes exactly after a cursor", async () => {
      const instance = await env.newInstance();
      const ids = await makeMachines(instance, 230);
      const request = { orderBy: MachineOrder.CREATE_TIME_ASC };
      const messages = await listAll(instance, request);
      expect(messages.map((m) => m.machines.length)).toEqual([100, 100, 30]);
      expect(messages.flatMap((m) => m.machines.map((x) => x.id))).toEqual(ids);

      const resumed = await listAll(instance, { ...request, after: messages[0]?.cursor as string });
      expect(resumed.flatMap((m) => m.machines.map((x) => x.id))).toEqual(ids.slice(100));
      const byName = await listAll(instance, { orderBy: MachineOrder.NAME_DESC, limit: 150n });
      const afterName = await listAll(instance, {
        orderBy: MachineOrder.NAME_DESC,
        after: byName[0]?.cursor as string,
      });
      const allByName = (await listAll(instance, { orderBy: MachineOrder.NAME_DESC })).flatMap((m) =>
        m.machines.map((x) => x.id),
      );
      expect(afterName.flatMap((m) => m.machines.map((x) => x.id))).toEqual(allByName.slice(100));
    });

    it("refuses a cursor from another order, a garbage cursor, and offset with a cursor", async () => {
      const instance = await env.newInstance();
      await makeMachines(instance, 3);
      const [message] = await listAll(instance, { limit: 1n });
      const cursor = message?.cursor as string;
      const cases = [
        { after: cursor, orderBy: MachineOrder.NAME_ASC },
        { after: cursor, query: "m" },
        { after: "not a cursor" },
        { after: cursor, offset: 1n },
        { limit: -1n },
        { offset: -5n },
        { query: "q".repeat(256) },
      ];
      for (const request of cases) {
        const error = await failure(listAll(instance, request));
        expect(
          error.code,
          JSON.stringify(request, (_, v) => (typeof v === "bigint" ? `${v}` : v)),
        ).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(/^(after|offset|limit|query): /);
      }
    });

    it("ends the stream with Canceled when the client cancels after the first batch", async () => {
      const instance = await env.newInstance();
      await makeMachines(instance, 250);
      const abort = new AbortController();
      let received = 0;
      const error = await failure(
        (async () => {
          for await (const message of instance.machines.listMachines({}, { signal: abort.signal })) {
            received += message.machines.length;
            abort.abort();
          }
        })(),
      );
      expect(error.code).toBe(Code.Canceled);
      expect(received).toBe(100);
    });

    it("never shows another instance's machines", async () => {
      const instance = await env.newInstance();
      const other = await env.newInstance();
      await makeMachines(other, 2, "foreign");
      const [mine] = await makeMachines(instance, 1, "mine");
      const messages = await listAll(instance, { query: "" });
      expect(messages[0]?.totalCount).toBe(1n);
      expect(messages.flatMap((m) => m.machines.map((x) => x.id))).toEqual([mine]);
      expect((await listAll(instance, { query: "foreign" }))[0]?.totalCount).toBe(0n);
    });
  });

  describe("consistency tokens (no standby configured: every read on the primary)", () => {
    const TOKEN = /^ct1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/;
    const position = (token: string) => BigInt(`0x${token.split(".")[1]}`);
    const fresh = (token: string) => ({ requirement: { case: "atLeastAsFresh" as const, value: token } });

    it("every MachineService write returns a token, and a read at least as fresh as it sees the write", async () => {
      const instance = await env.newInstance();
      const { machines } = instance;
      const created = await machines.createMachine({ name: "api" });
      const id = created.machine?.id as string;
      const callee = await machines.createMachine({ name: "db" });
      const calleeId = callee.machine?.id as string;
      const written = [
        created,
        callee,
        await machines.updateMachine({ id, name: "api 2" }),
        await machines.rotateMachineSecretKey({ id, previousKeyTtlSeconds: 60n }),
        await machines.createMachineScope({ machineId: id, toMachineId: calleeId }),
      ];
      for (const { consistencyToken } of written) expect(consistencyToken).toMatch(TOKEN);
      // Each write commits after the one before, so its token names a later log position.
      const positions = written.map(({ consistencyToken }) => position(consistencyToken));
      for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? 0n);

      const scoped = written.at(-1)?.consistencyToken as string;
      const got = await machines.getMachine({ id, consistency: fresh(scoped) });
      expect(got.machine?.name).toBe("api 2");
      expect(got.machine?.scopedMachines.map((m) => m.id)).toEqual([calleeId]);
      // The answer names the point it was read at, at or past the write, itself a token to ask for.
      expect(position(got.consistencyToken)).toBeGreaterThanOrEqual(position(scoped));
      const listed = await listAll(instance, { consistency: fresh(got.consistencyToken) });
      expect(listed.flatMap((m) => m.machines.map((x) => x.name)).sort()).toEqual(["api 2", "db"]);
      for (const message of listed) expect(position(message.consistencyToken)).toBeGreaterThanOrEqual(position(scoped));

      const unscoped = await machines.deleteMachineScope({ machineId: id, otherMachineId: calleeId });
      const deleted = await machines.deleteMachine({ id: calleeId });
      for (const { consistencyToken } of [unscoped, deleted]) expect(consistencyToken).toMatch(TOKEN);
      expect(position(deleted.consistencyToken)).toBeGreaterThan(position(unscoped.consistencyToken));
      expect(position(unscoped.consistencyToken)).toBeGreaterThan(position(scoped));
      const after = await machines.getMachine({ id, consistency: fresh(deleted.consistencyToken) });
      expect(after.machine?.scopedMachines).toEqual([]);
      const gone = await failure(machines.getMachine({ id: calleeId, consistency: fresh(deleted.consistencyToken) }));
      expect(gone.code).toBe(Code.NotFound);
    });

    it("GetMachine and ListMachines answer a token at every consistency, the cached default included", async () => {
      const instance = await env.newInstance();
      const { machines } = instance;
      const created = await machines.createMachine({ name: "api" });
      const id = created.machine?.id as string;
      // The first default read fills this process's cache, the second is served from it: both say where.
      const first = await machines.getMachine({ id });
      const second = await machines.getMachine({ id });
      expect(first.consistencyToken).toMatch(TOKEN);
      expect(second.consistencyToken).toBe(first.consistencyToken);
      expect(position(first.consistencyToken)).toBeGreaterThanOrEqual(position(created.consistencyToken));
      for (const requirement of [
        { case: "minimizeLatency" as const, value: true },
        { case: "fullyConsistent" as const, value: true },
      ]) {
        const got = await machines.getMachine({ id, consistency: { requirement } });
        expect(got.machine?.name).toBe("api");
        expect(got.consistencyToken).toMatch(TOKEN);
        const [message] = await listAll(instance, { consistency: { requirement } });
        expect(message?.machines.map((m) => m.id)).toEqual([id]);
        expect(message?.consistencyToken).toMatch(TOKEN);
      }
      // An empty listing is a read too.
      const [empty] = await listAll(instance, { query: "nothing like it" });
      expect(empty?.machines).toEqual([]);
      expect(empty?.consistencyToken).toMatch(TOKEN);
    });

    it("refuses a forged or altered token and a false level, naming the field", async () => {
      const instance = await env.newInstance();
      const { machine, consistencyToken } = await instance.machines.createMachine({ name: "api" });
      const id = machine?.id as string;
      const [version, at, mac] = consistencyToken.split(".");
      const later = (BigInt(`0x${at}`) + 1n).toString(16).padStart(16, "0");
      for (const forged of [`${version}.${later}.${mac}`, `${consistencyToken}.x`, "ct1.ffffffffffffffff", ""]) {
        for (const call of [
          instance.machines.getMachine({ id, consistency: fresh(forged) }),
          listAll(instance, { consistency: fresh(forged) }),
        ]) {
          const refused = await failure(call);
          expect(refused.code).toBe(Code.InvalidArgument);
          expect(refused.rawMessage).toMatch(/^consistency\.at_least_as_fresh: is not a consistency token/);
        }
      }
      const falseLevel = await failure(
        instance.machines.getMachine({ id, consistency: { requirement: { case: "minimizeLatency", value: false } } }),
      );
      expect(falseLevel.code).toBe(Code.InvalidArgument);
      expect(falseLevel.rawMessage).toMatch(/^consistency\.minimize_latency: must be true when set/);
    });
  });
});
