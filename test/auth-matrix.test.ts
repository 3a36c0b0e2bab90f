import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { type Client, Code, ConnectError, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { InstanceRepository } from "../src/db/instance-repository.js";
import { DEFAULT_AUTH_THROTTLE } from "../src/domain/auth-throttle.js";
import { newSecret } from "../src/domain/secrets.js";
import { drain, startTestEnv, type TestEnv } from "./harness.js";

// Every RPC of every latchkey service, called by every kind of caller, over
// gRPC on a real port. Each RPC gets a fresh instance A with resources of its
// own; the request names A's resources. Nothing may cross into instance B.

let env: TestEnv;
beforeAll(async () => {
  // Hundreds of deliberate bad keys from one address: not refused here (test/auth-throttle.test.ts covers that).
  env = await startTestEnv("gRPC on a real port", {
    authThrottle: { ...DEFAULT_AUTH_THROTTLE, failureBudget: Number.MAX_SAFE_INTEGER },
  });
});
afterAll(() => env.close());

type Clients = {
  machines: Client<typeof MachineService>;
  tokens: Client<typeof TokenService>;
  scopes: Client<typeof ScopeService>;
};

function clientsFor(key: string | undefined): Clients {
  const transport = env.transportWithKey(key);
  return {
    machines: createClient(MachineService, transport),
    tokens: createClient(TokenService, transport),
    scopes: createClient(ScopeService, transport),
  };
}

/** Instance A's resources, made fresh for each RPC. */
type Fixture = {
  instanceKey: string;
  revokedKey: string;
  m1: string;
  m1Key: string;
  m2: string;
  token: string;
  tokenId: string;
};

async function makeFixture(): Promise<Fixture> {
  const instance = await env.newInstance();
  const repo = new InstanceRepository(env.database.fork(), env.app.credentials);
  const revoked = await repo.createKey(instance.instanceId);
  await repo.revokeKey(revoked.keyId);
  const a = clientsFor(instance.secret);
  const m2 = (await a.machines.createMachine({ name: "m2" })).machine?.id as string;
  const m1 = await a.machines.createMachine({ name: "m1", scopedMachineIds: [m2] });
  const m1Key = m1.secretKey;
  const token = await clientsFor(m1Key).tokens.createToken({});
  await a.scopes.createScopeType({ id: "type_t", name: "T" });
  await a.scopes.createScopeType({ id: "type_unused", name: "Unused" });
  await a.scopes.createRole({ id: "role_r", name: "R", permissions: ["a:*"] });
  await a.scopes.createRole({ id: "role_unused", name: "Unused", permissions: ["b"] });
  await a.scopes.createSubject({ id: "subject_u", kind: SubjectKind.USER });
  await a.scopes.createScope({
    id: "scope_s",
    name: "S",
    typeId: "type_t",
    memberships: [{ subjectId: "subject_u", roleIds: ["role_r"] }],
  });
  return {
    instanceKey: instance.secret,
    revokedKey: revoked.secret,
    m1: m1.machine?.id as string,
    m1Key,
    m2,
    token: token.secret,
    tokenId: token.token?.id as string,
  };
}

/** What a caller gets: "ok", or the code it fails with. */
type Outcome = "ok" | Code;

type Entry = {
  call: (c: Clients, f: Fixture) => Promise<unknown>;
  /** With a key of A's machine m1. */
  machine: Outcome;
  /** With A's own instance key (default "ok"). */
  own?: Outcome;
  /** With instance B's key: NotFound for A's resources, or "ok" without any of A's data. */
  other: Outcome;
};

const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });
const denied = Code.PermissionDenied;

const MATRIX: Record<string, Entry> = {
  "MachineService/CreateMachine": {
    call: (c, f) => c.machines.createMachine({ name: "x", scopedMachineIds: [f.m2] }),
    machine: denied,
    other: Code.NotFound,
  },
  "MachineService/GetMachine": {
    call: (c, f) => c.machines.getMachine({ id: f.m1 }),
    machine: denied,
    other: Code.NotFound,
  },
  "MachineService/ListMachines": { call: (c) => drain(c.machines.listMachines({})), machine: denied, other: "ok" },
  "MachineService/UpdateMachine": {
    call: (c, f) => c.machines.updateMachine({ id: f.m1, name: "y" }),
    machine: denied,
    other: Code.NotFound,
  },
  "MachineService/DeleteMachine": {
    call: (c, f) => c.machines.deleteMachine({ id: f.m2 }),
    machine: denied,
    other: Code.NotFound,
  },
  "MachineService/GetMachineSecretKey": {
    call: (c, f) => c.machines.getMachineSecretKey({ id: f.m1 }),
    machine: denied,
    other: Code.NotFound,
  },
  "MachineService/RotateMachineSecretKey": {
    call: (c, f) => c.machines.rotateMachineSecretKey({ id: f.m2, previousKeyTtlSeconds: 0n }),
    machine: denied,
    other: Code.NotFound,
  },
  "MachineService/CreateMachineScope": {
    call: (c, f) => c.machines.createMachineScope({ machineId: f.m2, toMachineId: f.m1 }),
    machine: denied,
    other: Code.NotFound,
  },
  "MachineService/DeleteMachineScope": {
    call: (c, f) => c.machines.deleteMachineScope({ machineId: f.m1, otherMachineId: f.m2 }),
    machine: denied,
    other: Code.NotFound,
  },
  // Tokens are made by machines only; an instance key is refused.
  "TokenService/CreateToken": { call: (c) => c.tokens.createToken({}), machine: "ok", own: denied, other: denied },
  // m1 is the token's subject, not its receiver: a machine key acts only for itself.
  "TokenService/VerifyToken": {
    call: (c, f) => c.tokens.verifyToken({ token: f.token, receiverMachineId: f.m2 }),
    machine: denied,
    other: Code.NotFound,
  },
  "TokenService/ListTokens": {
    call: (c) => c.tokens.listTokens({ subjectMachineId: "" }),
    machine: "ok",
    own: Code.InvalidArgument,
    other: Code.InvalidArgument,
  },
  "TokenService/RevokeToken": {
    call: (c, f) => c.tokens.revokeToken({ id: f.tokenId }),
    machine: "ok",
    other: Code.NotFound,
  },
  "TokenService/RotateSigningKey": { call: (c) => c.tokens.rotateSigningKey({}), machine: denied, other: "ok" },
  "ScopeService/CreateScopeType": {
    call: (c) => c.scopes.createScopeType({ name: "x" }),
    machine: denied,
    other: "ok",
  },
  "ScopeService/GetScopeType": {
    call: (c) => c.scopes.getScopeType({ id: "type_t" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/ListScopeTypes": { call: (c) => c.scopes.listScopeTypes({}), machine: denied, other: "ok" },
  "ScopeService/UpdateScopeType": {
    call: (c) => c.scopes.updateScopeType({ id: "type_t", scopeType: { name: "n" }, updateMask: mask("name") }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/DeleteScopeType": {
    call: (c) => c.scopes.deleteScopeType({ id: "type_unused" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/CreateScope": {
    call: (c) => c.scopes.createScope({ name: "c", typeId: "type_t", parentScopeId: "scope_s" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/BatchCreateScopes": {
    call: (c) => c.scopes.batchCreateScopes({ scopes: [{ name: "c", typeId: "type_t", parentScopeId: "scope_s" }] }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/GetScope": { call: (c) => c.scopes.getScope({ id: "scope_s" }), machine: denied, other: Code.NotFound },
  "ScopeService/ListScopes": { call: (c) => c.scopes.listScopes({}), machine: denied, other: "ok" },
  "ScopeService/UpdateScope": {
    call: (c) => c.scopes.updateScope({ id: "scope_s", scope: { name: "n" }, updateMask: mask("name") }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/ListScopeAncestors": {
    call: (c) => c.scopes.listScopeAncestors({ id: "scope_s" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/DeleteScope": {
    call: (c) => c.scopes.deleteScope({ id: "scope_s", cascade: true }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/CreateSubject": {
    call: (c) => c.scopes.createSubject({ kind: SubjectKind.AGENT }),
    machine: denied,
    other: "ok",
  },
  "ScopeService/GetSubject": {
    call: (c) => c.scopes.getSubject({ id: "subject_u" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/ListSubjects": { call: (c) => c.scopes.listSubjects({}), machine: denied, other: "ok" },
  "ScopeService/DeleteSubject": {
    call: (c) => c.scopes.deleteSubject({ id: "subject_u" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/CreateRole": {
    call: (c) => c.scopes.createRole({ name: "r", permissions: ["x"], scopeId: "scope_s" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/GetRole": { call: (c) => c.scopes.getRole({ id: "role_r" }), machine: denied, other: Code.NotFound },
  "ScopeService/ListRoles": { call: (c) => c.scopes.listRoles({}), machine: denied, other: "ok" },
  "ScopeService/UpdateRole": {
    call: (c) => c.scopes.updateRole({ id: "role_r", role: { name: "n" }, updateMask: mask("name") }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/DeleteRole": {
    call: (c) => c.scopes.deleteRole({ id: "role_unused" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/CreateMembership": {
    call: (c, f) => c.scopes.createMembership({ scopeId: "scope_s", subjectId: f.m2, roleIds: ["role_r"] }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/UpdateMembership": {
    call: (c) => c.scopes.updateMembership({ scopeId: "scope_s", subjectId: "subject_u", roleIds: [] }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/DeleteMembership": {
    call: (c) => c.scopes.deleteMembership({ scopeId: "scope_s", subjectId: "subject_u" }),
    machine: denied,
    other: Code.NotFound,
  },
  "ScopeService/ListMemberships": {
    call: (c) => c.scopes.listMemberships({ scopeId: "scope_s" }),
    machine: denied,
    other: "ok",
  },
  "ScopeService/CheckPermission": {
    call: (c) => c.scopes.checkPermission({ subjectId: "subject_u", scopeId: "scope_s", permission: "a:b" }),
    machine: "ok",
    other: Code.NotFound,
  },
  "ScopeService/BatchCheckPermissions": {
    call: (c) =>
      c.scopes.batchCheckPermissions({ checks: [{ subjectId: "subject_u", scopeId: "scope_s", permission: "a:b" }] }),
    machine: "ok",
    other: Code.NotFound,
  },
  "ScopeService/ListSubjectScopes": {
    call: (c) => drain(c.scopes.listSubjectScopes({ subjectId: "subject_u", permission: "a:b" })),
    machine: "ok",
    other: Code.NotFound,
  },
};

async function outcome(call: Promise<unknown>): Promise<{ outcome: Outcome; body: string }> {
  try {
    const body = JSON.stringify(await call, (_, value) => (typeof value === "bigint" ? value.toString() : value));
    return { outcome: "ok", body };
  } catch (error) {
    return { outcome: ConnectError.from(error).code, body: "" };
  }
}

const name = (o: Outcome) => (o === "ok" ? "ok" : Code[o]);

describe("authorization matrix: every RPC × every kind of caller", () => {
  it("covers every RPC of every latchkey service", () => {
    const rpcs = [MachineService, TokenService, ScopeService].flatMap((service) =>
      service.methods.map((method) => `${service.name}/${method.name}`),
    );
    expect(Object.keys(MATRIX).sort()).toEqual(rpcs.sort());
  });

  it.each(Object.entries(MATRIX))("%s", async (_, entry) => {
    const f = await makeFixture();
    const other = await env.newInstance();
    const callers: [string, string | undefined, Outcome][] = [
      ["no key", undefined, Code.Unauthenticated],
      ["a malformed key", "not-a-key", Code.Unauthenticated],
      ["an unknown instance key", newSecret("sk"), Code.Unauthenticated],
      ["an unknown machine key", newSecret("ak"), Code.Unauthenticated],
      ["a revoked instance key", f.revokedKey, Code.Unauthenticated],
      ["another instance's key", other.secret, entry.other],
      ["a machine key", f.m1Key, entry.machine],
      // Last, because it may change A's resources.
      ["the instance's own key", f.instanceKey, entry.own ?? "ok"],
    ];
    const aIds = [f.m1, f.m2, f.tokenId, "type_t", "scope_s", "subject_u", "role_r"];
    for (const [caller, key, expected] of callers) {
      const result = await outcome(entry.call(clientsFor(key), f));
      expect(`${caller}: ${name(result.outcome)}`).toBe(`${caller}: ${name(expected)}`);
      if (key === other.secret) {
        for (const id of aIds) expect(result.body, `${caller} saw ${id}`).not.toContain(id);
      }
    }
  });
});
