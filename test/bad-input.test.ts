import { randomBytes } from "node:crypto";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { INPUT_LIMITS } from "../src/domain/limits.js";
import { PageTokens } from "../src/domain/pages.js";
import { SecretBox } from "../src/domain/secrets.js";
import { toConnectError } from "../src/interceptors/errors.js";
import { bearer, drain, failure, startTestEnv, type TestEnv, type TestInstance, type TestMachine } from "./harness.js";

// Bad input is the caller's error: NUL and unpaired surrogates, deep JSON,
// forged page tokens and cursors, unknown JSON fields and enum names are all
// InvalidArgument (REST: 4xx) naming the field, on every surface; nothing of
// it reaches PostgreSQL, and Unavailable only ever means a lost connection.

let env: TestEnv;
let instance: TestInstance;
let sender: TestMachine;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
  instance = await env.newInstance();
  sender = await env.newMachine(instance, "sender");
});
afterAll(() => env.close());

const MACHINES = "latchkey.machine.v1.MachineService";
const TOKENS = "latchkey.token.v1.TokenService";
const SCOPES = "latchkey.scope.v1.ScopeService";

/** connectJson makes a unary Connect JSON call from raw text: the HTTP status and the parsed body. */
async function connectJson(key: string, path: string, body: string) {
  const res = await fetch(`${env.url}/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** connectJsonStream makes a server-streaming Connect JSON call from raw text and returns its end-of-stream error. */
async function connectJsonStream(key: string, path: string, body: string) {
  const json = Buffer.from(body);
  const envelope = Buffer.alloc(5 + json.length);
  envelope.writeUInt32BE(json.length, 1);
  json.copy(envelope, 5);
  const res = await fetch(`${env.url}/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/connect+json" },
    body: envelope,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let end: { error?: { code: string; message: string } } = {};
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at + 1);
    if ((bytes[at] ?? 0) & 0x02) end = JSON.parse(bytes.subarray(at + 5, at + 5 + length).toString());
    at += 5 + length;
  }
  return end.error;
}

/** rest makes a REST call with a raw JSON body. */
async function rest(key: string, path: string, body: string) {
  const res = await fetch(`${env.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
  const parsed = (await res.json()) as { errors?: { long_message: string; meta: Record<string, string> }[] };
  return { status: res.status, error: parsed.errors?.[0] };
}

/** nested is a JSON object nesting `depth` levels: {"a":{"a":…1}}. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("NUL and unpaired surrogates", () => {
  it("in claims are InvalidArgument naming the claim over gRPC, Connect JSON and REST (not Internal from jsonb)", async () => {
    const viaGrpc = await failure(sender.tokens.createToken({ claims: { tenant: "a\u0000b" } }));
    expect([viaGrpc.code, viaGrpc.rawMessage]).toEqual([
      Code.InvalidArgument,
      'claims["tenant"]: must not contain NUL characters',
    ]);
    const key = await failure(sender.tokens.createToken({ claims: { "te\u0000nant": "x" } }));
    expect(key.rawMessage).toMatch(/^claims\["te\\u0000nant"\]: must not contain NUL/);
    for (const claims of ['{"a":"x\\u0000"}', '{"a":["x\\ud800"]}', '{"\\udc00":1}']) {
      const viaJson = await connectJson(sender.secretKey, `${TOKENS}/CreateToken`, `{"claims":${claims}}`);
      expect(viaJson.status, claims).toBe(400);
      expect(viaJson.body.message, claims).toMatch(/^claims\[.*\]: must (not contain NUL|be well-formed Unicode)/);
      const viaRest = await rest(sender.secretKey, "/m2m_tokens", `{"claims":${claims}}`);
      expect(viaRest.status, claims).toBe(422);
      expect(viaRest.error?.meta.param_name, claims).toMatch(/^claims\[/);
    }
    // Binary protobuf can carry numbers JSON cannot (JSON.stringify would store them as null).
    const infinite = await failure(
      sender.tokens.createToken({ claims: { n: [Number.NaN, Number.POSITIVE_INFINITY] } }),
    );
    expect(infinite.rawMessage).toBe('claims["n"][0]: must be a finite number');
    expect((await sender.tokens.listTokens({ subjectMachineId: sender.id })).totalCount).toBe(0n);
  });

  it("in names, queries, meta, external ids and reasons are InvalidArgument naming the field", async () => {
    const scopes = createClient(ScopeService, env.transportWithKey(instance.secret));
    await scopes.createScopeType({ id: "type_nul", name: "T" });
    const cases: [string, () => Promise<unknown>][] = [
      ["name", () => instance.machines.createMachine({ name: "a\u0000" })],
      ["query", () => drain(instance.machines.listMachines({ query: "a\u0000" }))],
      ["name", () => scopes.createScopeType({ name: "\u0000" })],
      ['meta["k"]', () => scopes.createScope({ name: "s", typeId: "type_nul", meta: { k: "v\u0000" } })],
      ["external_id", () => scopes.createScope({ name: "s", typeId: "type_nul", externalId: "e\u0000" })],
      ["external_id", () => scopes.listSubjects({ externalId: "\u0000" })],
      ["display_name", () => scopes.createSubject({ kind: SubjectKind.USER, displayName: "\u0000" })],
      ["reason", () => sender.tokens.revokeToken({ id: `mt_${"0".repeat(32)}`, reason: "\u0000" })],
    ];
    for (const [field, call] of cases) {
      const error = await failure(call());
      expect([error.code, error.rawMessage], field).toEqual([
        Code.InvalidArgument,
        `${field}: must not contain NUL characters`,
      ]);
    }
  });

  it("in any string of a Connect JSON body is InvalidArgument naming the field", async () => {
    const name = await connectJson(instance.secret, `${MACHINES}/CreateMachine`, '{"name":"x\\ud800"}');
    expect([name.status, name.body.message]).toEqual([
      400,
      "name: must be well-formed Unicode (it holds an unpaired surrogate)",
    ]);
    const listed = await connectJson(instance.secret, `${SCOPES}/ListScopes`, '{"ids":["scope_a","\\udfff"]}');
    expect(listed.body.message).toMatch(/^ids\[1\]: must be well-formed Unicode/);
  });
});

describe("nesting", () => {
  it(`claims nest at most ${INPUT_LIMITS.jsonNestingMax} levels on every protocol, and a REST body one more`, async () => {
    const max = INPUT_LIMITS.jsonNestingMax;
    expect((await sender.tokens.createToken({ claims: JSON.parse(nested(max)) })).token?.claims).toBeDefined();
    const deeper = await failure(sender.tokens.createToken({ claims: JSON.parse(nested(max + 1)) }));
    expect([deeper.code, deeper.rawMessage]).toEqual([
      Code.InvalidArgument,
      `claims${'["a"]'.repeat(max)}: must be nested at most ${max} levels deep`,
    ]);
    const viaJson = await connectJson(sender.secretKey, `${TOKENS}/CreateToken`, `{"claims":${nested(5000)}}`);
    expect([viaJson.status, viaJson.body.message]).toEqual([400, `claims: must be nested at most ${max} levels deep`]);
    expect((await rest(sender.secretKey, "/m2m_tokens", `{"claims":${nested(max)}}`)).status).toBe(201);
    const body = await rest(sender.secretKey, "/m2m_tokens", `{"claims":${nested(max + 1)}}`);
    expect([body.status, body.error?.long_message]).toEqual([
      400,
      `the body must nest at most ${max + 1} levels of objects and arrays`,
    ]);
    expect((await rest(sender.secretKey, "/m2m_tokens", `{"claims":${nested(5000)}}`)).status).toBe(400);
    const arrays = await rest(
      sender.secretKey,
      "/m2m_tokens",
      `{"claims":{"a":${"[".repeat(30_000)}${"]".repeat(30_000)}}}`,
    );
    expect(arrays.status).toBe(400);
  });
});

describe("page sizes", () => {
  // Each list keeps its own bounds (its reference API's): pinned here with the
  // exact message a client reads, so sharing the check changes none of them.
  it("are InvalidArgument naming the field and its bounds, per list", async () => {
    const scopes = createClient(ScopeService, env.transportWithKey(instance.secret));
    const refused: [() => Promise<unknown>, string][] = [
      [() => sender.tokens.listTokens({ pageSize: -1 }), "page_size: must be between 1 and 100"],
      [() => sender.tokens.listTokens({ pageSize: 101 }), "page_size: must be between 1 and 100"],
      [() => drain(instance.machines.listMachines({ limit: -1n })), "limit: must be between 0 and 1000000000"],
      [
        () => drain(instance.machines.listMachines({ limit: 1_000_000_001n })),
        "limit: must be between 0 and 1000000000",
      ],
      [() => scopes.listRoles({ pageSize: -1 }), "page_size: must be between 0 and 1000"],
      [() => scopes.listRoles({ pageSize: 1001 }), "page_size: must be between 0 and 1000"],
    ];
    for (const [call, message] of refused) {
      const error = await failure(call());
      expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, message]);
    }
  });
});

describe("page tokens and cursors", () => {
  const unsigned = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");

  /** tamper changes one character of a token's payload. */
  const tamper = (token: string) => `${token[0] === "W" ? "X" : "W"}${token.slice(1)}`;

  it("ListTokens refuses a forged or altered page token and follows a real one", async () => {
    const machine = await env.newMachine(instance, "paged");
    for (let i = 0; i < 3; i++) await machine.tokens.createToken({});
    const first = await machine.tokens.listTokens({ pageSize: 2 });
    const second = await machine.tokens.listTokens({ pageSize: 2, pageToken: first.nextPageToken });
    expect([first.tokens.length, second.tokens.length, second.nextPageToken]).toEqual([2, 1, ""]);
    const forged = [
      unsigned(["+275760-09-13T00:00:00.000Z", `mt_${"0".repeat(32)}`]),
      tamper(first.nextPageToken),
      `${first.nextPageToken}x`,
      "a\u0000.b",
    ];
    for (const pageToken of forged) {
      const error = await failure(machine.tokens.listTokens({ pageToken }));
      expect([error.code, error.rawMessage], pageToken).toEqual([
        Code.InvalidArgument,
        "page_token: is not a token returned by ListTokens",
      ]);
    }
  });

  it("ListMachines refuses a forged cursor (times JavaScript reads but PostgreSQL refuses) and one of another query", async () => {
    const machines = instance.machines;
    for (const time of ["1", "2020-02-30", "+275760-09-13T00:00:00.000Z"]) {
      const after = unsigned(["create_time", true, "", time, `mch_${"0".repeat(27)}`]);
      const error = await failure(drain(machines.listMachines({ after })));
      expect([error.code, error.rawMessage]).toEqual([
        Code.InvalidArgument,
        "after: is not a token returned by ListMachines",
      ]);
    }
    const [first] = await drain(machines.listMachines({ limit: 1n }));
    const cursor = first?.cursor ?? "";
    expect((await drain(machines.listMachines({ after: cursor }))).length).toBeGreaterThan(0);
    const other = await failure(drain(machines.listMachines({ after: cursor, query: "x" })));
    expect(other.rawMessage).toBe("after: was made for a different query, order or filter");
  });

  it("ScopeService refuses a page token holding NUL (was Unavailable) or made by another list", async () => {
    const scopes = createClient(ScopeService, env.transportWithKey(instance.secret));
    await scopes.createRole({ id: "role_p1", name: "R", permissions: ["a"] });
    await scopes.createRole({ id: "role_p2", name: "R", permissions: ["a"] });
    const nul = Buffer.from(JSON.stringify({ after: ["a\u0000"], filter: "{}" })).toString("base64url");
    const error = await failure(scopes.listScopeTypes({ pageToken: nul }));
    expect([error.code, error.rawMessage]).toEqual([
      Code.InvalidArgument,
      "page_token: is not a token returned by ListScopeTypes",
    ]);
    const roles = await scopes.listRoles({ pageSize: 1 });
    expect(roles.nextPageToken).not.toBe("");
    expect((await scopes.listRoles({ pageSize: 1, pageToken: roles.nextPageToken })).roles).toHaveLength(1);
    const elsewhere = await failure(scopes.listScopeTypes({ pageToken: roles.nextPageToken }));
    expect(elsewhere.rawMessage).toBe("page_token: is not a token returned by ListScopeTypes");
  });

  it("replicas sharing LATCHKEY_KEK accept each other's tokens; another key's tokens are refused", () => {
    const kek = randomBytes(32);
    const mine = new PageTokens(new SecretBox(kek).deriveKey("page tokens"));
    const replica = new PageTokens(new SecretBox(Buffer.from(kek)).deriveKey("page tokens"));
    const stranger = new PageTokens(new SecretBox(randomBytes(32)).deriveKey("page tokens"));
    const token = mine.seal("ListThings", "{}", ["a", "b"]);
    expect(replica.open("page_token", token, "ListThings", "{}", 2)).toEqual(["a", "b"]);
    expect(() => stranger.open("page_token", token, "ListThings", "{}", 2)).toThrow(/not a token returned/);
  });
});

describe("strict Connect JSON", () => {
  it("refuses an unknown field, naming it, and creates nothing", async () => {
    const fresh = await env.newInstance();
    const res = await connectJson(fresh.secret, `${MACHINES}/CreateMachine`, '{"name":"x","defaultTokenTtl":60}');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_argument");
    expect(res.body.message).toBe(
      "defaultTokenTtl: is not a field of CreateMachineRequest (its fields: name, scopedMachineIds, defaultTokenTtlSeconds)",
    );
    const [page] = await drain(fresh.machines.listMachines({}));
    expect(page?.totalCount).toBe(0n);
    const nestedField = await connectJson(
      fresh.secret,
      `${SCOPES}/BatchCheckPermissions`,
      '{"checks":[{"subjectId":"subject_a","scopeId":"scope_a","permision":"x"}]}',
    );
    expect(nestedField.body.message).toMatch(/^checks\[0\]\.permision: is not a field of CheckPermissionRequest/);
    const huge = await connectJson(fresh.secret, `${MACHINES}/CreateMachine`, `{"${"k".repeat(1_000_000)}":1}`);
    expect(huge.body.message).toMatch(/^k{63}…: is not a field of CreateMachineRequest/);
    expect(JSON.stringify(huge.body).length).toBeLessThan(2_000);
  });

  it("refuses an unknown enum name, listing the accepted ones (DEFINE made an INHERIT type)", async () => {
    const res = await connectJson(
      instance.secret,
      `${SCOPES}/CreateScopeType`,
      '{"name":"Tenant","permissionMode":"DEFINE"}',
    );
    expect([res.status, res.body.message]).toEqual([
      400,
      'permission_mode: unknown value "DEFINE"; accepted: PERMISSION_MODE_UNSPECIFIED, PERMISSION_MODE_INHERIT, PERMISSION_MODE_DEFINE',
    ]);
    const stream = await connectJsonStream(instance.secret, `${MACHINES}/ListMachines`, '{"orderBy":"name"}');
    expect(stream?.code).toBe("invalid_argument");
    expect(stream?.message).toMatch(
      /^order_by: unknown value "name"; accepted: MACHINE_ORDER_UNSPECIFIED, MACHINE_ORDER_CREATE_TIME_ASC/,
    );
    const ok = await connectJson(
      instance.secret,
      `${SCOPES}/CreateScopeType`,
      '{"name":"Tenant","permission_mode":"PERMISSION_MODE_DEFINE"}',
    );
    expect((ok.body.scopeType as { permissionMode: string }).permissionMode).toBe("PERMISSION_MODE_DEFINE");
  });

  it("shows false and zero answers: a denied check reads allowed: false", async () => {
    const scopes = createClient(ScopeService, env.transportWithKey(instance.secret));
    await scopes.createScopeType({ id: "type_shown", name: "T" });
    await scopes.createScope({ id: "scope_shown", name: "S", typeId: "type_shown" });
    await scopes.createSubject({ id: "subject_shown", kind: SubjectKind.USER });
    const res = await connectJson(
      instance.secret,
      `${SCOPES}/CheckPermission`,
      '{"subjectId":"subject_shown","scopeId":"scope_shown","permission":"deploy"}',
    );
    expect(res.body).toEqual({ allowed: false, grants: [], consistencyToken: expect.stringMatching(/^ct1\./) });
    const idle = await env.newMachine(instance, "idle");
    const empty = await connectJson(idle.secretKey, `${TOKENS}/ListTokens`, '{"includeRevoked":true}');
    expect(empty.body).toMatchObject({ tokens: [], nextPageToken: "", totalCount: "0" });
  });

  it("still serves a Connect JSON client (the console's and curl's protocol)", async () => {
    const transport = createConnectTransport({
      baseUrl: env.url as string,
      httpVersion: "1.1",
      interceptors: [bearer(instance.secret)],
    });
    const machines = createClient(MachineService, transport);
    const created = await machines.createMachine({ name: "json", defaultTokenTtlSeconds: 60n });
    expect(created.machine?.defaultTokenTtlSeconds).toBe(60n);
    const tokens = createClient(
      TokenService,
      createConnectTransport({
        baseUrl: env.url as string,
        httpVersion: "1.1",
        interceptors: [bearer(created.secretKey)],
      }),
    );
    expect((await tokens.createToken({ claims: { a: [1, { b: null }] } })).token?.claims).toEqual({
      a: [1, { b: null }],
    });
  });
});

describe("Unavailable means a lost connection", () => {
  /** refusal runs SQL PostgreSQL refuses and returns the error. */
  async function refusal(sql: string, params: unknown[]): Promise<unknown> {
    try {
      await env.database.fork().execute(sql, params);
    } catch (error) {
      return error;
    }
    throw new Error(`expected PostgreSQL to refuse ${sql}`);
  }

  it("a data exception (22xxx) is InvalidArgument, a protocol violation (08P01) Internal, never Unavailable", async () => {
    for (const time of ["1", "2020-02-30", "+275760-09-13T00:00:00.000Z"]) {
      const mapped = toConnectError(await refusal("select ?::timestamptz", [time]));
      expect([mapped.code, mapped.rawMessage], time).toEqual([
        Code.InvalidArgument,
        "the request holds a value the database cannot store",
      ]);
    }
    const nul = toConnectError(await refusal("select ? as v", ["a\u0000b"]));
    expect(nul.code).not.toBe(Code.Unavailable);
    expect([Code.InvalidArgument, Code.Internal]).toContain(nul.code);
    const protocol = Object.assign(new Error("insufficient data left in message"), { code: "08P01" });
    const { DriverException } = await import("@mikro-orm/core");
    expect(toConnectError(new DriverException(protocol)).code).toBe(Code.Internal);
    const lost = Object.assign(new Error("terminating connection"), { code: "57P01" });
    expect(toConnectError(new DriverException(lost)).code).toBe(Code.Unavailable);
  });
});

it("a ConnectError's cause stays out of what the client sees", () => {
  const mapped = toConnectError(new Error("secret detail"));
  expect(ConnectError.from(mapped).rawMessage).toBe("internal error");
});
