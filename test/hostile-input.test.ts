import { request as httpRequest } from "node:http";
import http2 from "node:http2";
import {
  create,
  type DescField,
  type DescMessage,
  type DescMethod,
  type DescService,
  ScalarType,
  toBinary,
} from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateMachineRequestSchema, MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { DEFAULT_AUTH_THROTTLE } from "../src/domain/auth-throttle.js";
import { bearer, startTestEnv, type TestEnv } from "./harness.js";

// Property-based hostile input: for every RPC, requests built field by field
// from the message descriptors out of hostile strings (NUL, unpaired
// surrogates, forged and tampered page tokens and cursors), wrong and foreign
// ids, boundary numbers, unknown enum values, deeply nested claims and
// repeated entries, sent over gRPC, gRPC-Web, Connect JSON and Connect
// binary; and raw Connect JSON bodies with unknown fields and enum names. Every call must end with a
// documented code, InvalidArgument must name the field, no message may carry
// SQL, and a failed call must leave the instances' rows exactly as they were.

let env: TestEnv;
let fixture: Awaited<ReturnType<typeof makeFixture>>;
const RUNS_PER_RPC = Number(process.env.HOSTILE_RUNS ?? 12);

/** The codes a call may end with; anything else (Internal, Unknown, Unavailable…) is a bug. */
const DOCUMENTED = new Set<Code | "ok">([
  "ok",
  Code.InvalidArgument,
  Code.NotFound,
  Code.AlreadyExists,
  Code.FailedPrecondition,
  Code.PermissionDenied,
  Code.ResourceExhausted,
]);
const SQL_TEXT = /violates|constraint|duplicate key|relation "|syntax error|insert into|select .* from|sqlstate/i;
/** Bigger than the server's 4 MiB read limit. */
const HUGE = "x".repeat(5 * 1024 * 1024);
const PROTOCOLS: Protocol[] = [
  {
    name: "gRPC",
    transport: (key) => createGrpcTransport({ baseUrl: env.url as string, interceptors: [bearer(key)] }),
  },
  {
    name: "gRPC-Web",
    transport: (key) =>
      createGrpcWebTransport({ baseUrl: env.url as string, httpVersion: "1.1", interceptors: [bearer(key)] }),
  },
  {
    name: "Connect JSON",
    transport: (key) =>
      createConnectTransport({ baseUrl: env.url as string, httpVersion: "1.1", interceptors: [bearer(key)] }),
  },
  {
    name: "Connect binary",
    transport: (key) =>
      createConnectTransport({
        baseUrl: env.url as string,
        httpVersion: "2",
        useBinaryFormat: true,
        interceptors: [bearer(key)],
      }),
  },
];

async function makeFixture() {
  const a = await env.newInstance();
  const b = await env.newInstance();
  const receiver = await a.machines.createMachine({ name: "receiver" });
  const caller = await a.machines.createMachine({ name: "caller", scopedMachineIds: [receiver.machine?.id ?? ""] });
  const foreign = await b.machines.createMachine({ name: "foreign" });
  const scopes = createClient(ScopeService, env.transportWithKey(a.secret));
  await scopes.createScopeType({ id: "type_t", name: "T" });
  await scopes.createRole({ id: "role_r", name: "R", permissions: ["a:*"] });
  await scopes.createSubject({ id: "subject_u", kind: SubjectKind.USER });
  await scopes.createScope({ id: "scope_s", name: "S", typeId: "type_t" });
  const callerTokens = createClient(TokenService, env.transportWithKey(caller.secretKey));
  const token = await callerTokens.createToken({});
  await callerTokens.createToken({});
  await scopes.createRole({ id: "role_r2", name: "R2", permissions: ["b"] });
  // Real page tokens and cursors, to be replayed elsewhere and tampered with.
  const realTokens = [
    (await callerTokens.listTokens({ pageSize: 1 })).nextPageToken,
    (await scopes.listRoles({ pageSize: 1 })).nextPageToken,
  ];
  for await (const page of a.machines.listMachines({ limit: 1n })) realTokens.push(page.cursor);
  const ids = [
    caller.machine?.id ?? "",
    receiver.machine?.id ?? "",
    foreign.machine?.id ?? "",
    token.token?.id ?? "",
    "type_t",
    "scope_s",
    "subject_u",
    "role_r",
  ];
  return { a, b, ids, tokenSecret: token.secret, pageTokens: realTokens.filter((t) => t !== "") };
}

const unsigned = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");

/** Page tokens and cursors a client forges: the old unsigned forms with values PostgreSQL refuses, and real ones altered. */
function forgedPageToken(): fc.Arbitrary<string> {
  const machine = `mch_${"0".repeat(27)}`;
  const token = `mt_${"0".repeat(32)}`;
  return fc.oneof(
    fc.constantFrom(
      unsigned(["+275760-09-13T00:00:00.000Z", token]),
      unsigned(["create_time", true, "", "1", machine]),
      unsigned(["create_time", false, "", "2020-02-30", machine]),
      unsigned(["name", false, "", "a\u0000", machine]),
      unsigned({ after: ["a\u0000"], filter: "{}" }),
      unsigned({ after: ["\ud800"], filter: "{}" }),
      "a\u0000.b",
      ".",
      "x.y.z",
    ),
    fc.constantFrom(...fixture.pageTokens),
    fc
      .tuple(fc.constantFrom(...fixture.pageTokens), fc.nat(), fc.constantFrom("A", "_", "-", "0", "\u0000"))
      .map(([real, at, char]) => {
        const i = at % real.length;
        return `${real.slice(0, i)}${char}${real.slice(i + 1)}`;
      }),
  );
}

/** Strings an attacker or a buggy client sends. */
function hostileString(): fc.Arbitrary<string> {
  const ids = fixture.ids;
  return fc.oneof(
    forgedPageToken(),
    fc.constantFrom(
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "\ud800",
      "a\udc00b",
      "\udbff\udfff",
      "\u202Eevil\u202C",
      "🦀🔑".repeat(40),
      "x".repeat(256),
      "y".repeat(70_000),
      "' or 1=1 --",
      "%_\\",
      "mch_",
      `mch_${"0".repeat(27)}`,
      `mch_${"!".repeat(27)}`,
      "scope_",
      "scope_../../etc",
      "type_ t",
      "role_*",
      "mt_zz",
      "sk_nope",
      "a:*",
      "deploy:write",
      "name",
      "external_id",
      "parent_scope_id",
      "meta",
      "permissions",
    ),
    fc.constantFrom(...ids),
    fc.constantFrom(...ids).map((id) => id.replace(/^[a-z]+_/, "scope_")),
    fc.constantFrom(...ids).map((id) => `${id}x`),
    fc.string({ maxLength: 40, unit: "binary" }),
  );
}

/**
 * JSON for claims: hostile strings and keys, and nesting up to 45 levels, past
 * the 32 allowed. Binary messages nesting claims 50 levels or more hit
 * protobuf-es's recursion limit (100 messages, two per level) before any
 * latchkey code runs; connect-es answers those Internal like any unparsable
 * binary message (see "malformed frames and bodies").
 */
function jsonValue(): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(hostileString(), fc.integer(), fc.boolean(), fc.constant(null));
  return fc.oneof(
    leaf,
    fc.dictionary(hostileString(), leaf, { maxKeys: 2 }),
    fc.tuple(fc.integer({ min: 2, max: 45 }), hostileString(), leaf).map(([depth, key, inner]) => {
      let value: unknown = inner;
      for (let i = 1; i < depth; i++) value = i % 2 === 0 ? [value] : { [key]: value };
      return value;
    }),
  );
}

function scalar(type: ScalarType): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.STRING:
      return hostileString();
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 64 });
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return fc.oneof(
        fc.constantFrom(0n, -1n, 1n, 59n, 3600n, 28_801n, 315_360_001n, -(2n ** 63n), 2n ** 63n - 1n),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      );
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return fc.double();
    default:
      return fc.oneof(fc.constantFrom(0, -1, 1, 1001, 2 ** 31 - 1, -(2 ** 31)), fc.integer());
  }
}

function enumValue(field: { enum: { values: { number: number }[] } }): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(...field.enum.values.map((v) => v.number)), fc.integer({ min: -5, max: 99 }));
}

/** A list with occasional repeats of one entry. */
function list(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  return fc.oneof(
    fc.array(item, { maxLength: 4 }),
    item.map((value) => [value, value]),
  );
}

function message(desc: DescMessage, depth: number): fc.Arbitrary<Record<string, unknown>> {
  if (desc.typeName === "google.protobuf.Struct") {
    // protobuf-es takes a Struct as the JSON object it stands for.
    return fc.dictionary(hostileString(), jsonValue(), { maxKeys: 3 });
  }
  if (desc.typeName === "google.protobuf.FieldMask") {
    return fc.record({
      paths: list(
        fc.constantFrom("name", "external_id", "meta", "parent_scope_id", "permissions", "depth", "id", "", "name.x"),
      ),
    });
  }
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of desc.fields) {
    const value = fieldValue(field, depth);
    if (value !== undefined) fields[field.localName] = value;
  }
  return fc.record(fields, { requiredKeys: [] });
}

function fieldValue(field: DescField, depth: number): fc.Arbitrary<unknown> | undefined {
  switch (field.fieldKind) {
    case "scalar":
      return scalar(field.scalar);
    case "enum":
      return enumValue(field);
    case "message":
      return depth > 2 ? undefined : message(field.message, depth + 1);
    case "list":
      if (field.listKind === "scalar") return list(scalar(field.scalar));
      if (field.listKind === "enum") return list(enumValue(field));
      return depth > 2 ? undefined : list(message(field.message, depth + 1));
    case "map":
      return fc.dictionary(
        hostileString(),
        field.mapKind === "scalar" ? scalar(field.scalar) : fc.constant(undefined),
        {
          maxKeys: 3,
        },
      );
  }
}

/** A fingerprint of every row of the fixture's two instances. */
async function snapshot(): Promise<string> {
  const instances = JSON.stringify([fixture.a.instanceId, fixture.b.instanceId]);
  const mine = "instance_id in (select jsonb_array_elements_text(?::jsonb))";
  const tables = [
    `select id, name from machine where ${mine}`,
    `select k.id, k.status, k.expire_time from machine_secret_key k join machine m on m.id = k.machine_id where m.${mine}`,
    `select from_machine_id, to_machine_id from machine_scope where ${mine}`,
    `select id, revoke_time, expire_time from machine_token where ${mine}`,
    `select id, status from signing_key where ${mine}`,
    `select id, revoke_time from instance_key where ${mine}`,
    ...[
      "scope_type",
      "scope_type_parent",
      "scope",
      "scope_ancestor",
      "subject",
      "role",
      "role_permission",
      "membership",
      "membership_role",
    ].map((table) => `select * from ${table} where ${mine}`),
  ];
  // One statement for all the tables: this runs twice per hostile call, a thousand times and more per file.
  const fingerprints = tables.map(
    (sql) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from (${sql}) t)`,
  );
  const rows = await env.database.fork().execute(
    `select concat_ws(',', ${fingerprints.join(", ")}) as h`,
    tables.map(() => instances),
  );
  return String(rows[0]?.h);
}

type Protocol = { name: string; transport: (key: string) => Transport };

async function invoke(client: Record<string, (req: unknown) => unknown>, method: DescMethod, request: unknown) {
  const call = client[method.localName] as (req: unknown) => unknown;
  if (method.methodKind === "server_streaming") {
    for await (const _ of call(request) as AsyncIterable<unknown>) {
      // drain
    }
    return;
  }
  await call(request);
}

function outcomeOf(error: unknown): { code: Code | "ok"; message: string } {
  if (error === undefined) return { code: "ok", message: "" };
  const connectError = ConnectError.from(error);
  return { code: connectError.code, message: connectError.rawMessage };
}

beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port", {
    authThrottle: { ...DEFAULT_AUTH_THROTTLE, failureBudget: Number.MAX_SAFE_INTEGER },
  });
  fixture = await makeFixture();
});
afterAll(() => env.close());

const SERVICES: DescService[] = [MachineService, TokenService, ScopeService];

describe("hostile requests to every RPC over every protocol", () => {
  const protocols = PROTOCOLS;
  const methods = SERVICES.flatMap((service) =>
    service.methods.map((method) => [`${service.name}/${method.name}`, service, method] as const),
  );

  it.each(methods)(
    "%s",
    async (_, service, method) => {
      const keys = [fixture.a.secret];
      const clients = protocols.map((protocol) => ({
        protocol,
        byKey: keys.map(
          (key) =>
            createClient(service, protocol.transport(key)) as unknown as Record<string, (req: unknown) => unknown>,
        ),
      }));
      await fc.assert(
        fc.asyncProperty(message(method.input, 0), fc.nat({ max: clients.length - 1 }), async (request, which) => {
          const { protocol, byKey } = clients[which] as (typeof clients)[number];
          const before = await snapshot();
          const result = outcomeOf(
            await invoke(byKey[0] as Record<string, (req: unknown) => unknown>, method, request).then(
              () => undefined,
              (error: unknown) => error,
            ),
          );
          const context = `${protocol.name}: ${result.code === "ok" ? "ok" : Code[result.code]} ${result.message.slice(0, 200)}`;
          expect(DOCUMENTED.has(result.code), context).toBe(true);
          expect(SQL_TEXT.test(result.message), context).toBe(false);
          if (result.code === Code.InvalidArgument && !/read limit|message larger|exceeds/i.test(result.message)) {
            expect(result.message, context).toMatch(/^[a-z][a-z_]*(\[[^\]]*\])?(\.[a-z_]+(\[[^\]]*\])?)*(\[.*\])?: /s);
          }
          if (result.code !== "ok") expect(await snapshot(), `${context}: rows changed`).toBe(before);
        }),
        { numRuns: RUNS_PER_RPC },
      );
    },
    120_000,
  );
});

/** rawConnectJson sends a raw Connect JSON body to any RPC (enveloped for streams) and returns its error, if any. */
async function rawConnectJson(
  method: DescMethod,
  body: string,
): Promise<{ code: string; message: string } | undefined> {
  const streaming = method.methodKind === "server_streaming";
  const json = Buffer.from(body);
  const envelope = Buffer.alloc(5 + json.length);
  envelope.writeUInt32BE(json.length, 1);
  json.copy(envelope, 5);
  const res = await fetch(`${env.url}/${method.parent.typeName}/${method.name}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${fixture.a.secret}`,
      "content-type": streaming ? "application/connect+json" : "application/json",
    },
    body: streaming ? envelope : json,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!streaming) return res.ok ? undefined : (JSON.parse(bytes.toString()) as { code: string; message: string });
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at + 1);
    if ((bytes[at] ?? 0) & 0x02) return JSON.parse(bytes.subarray(at + 5, at + 5 + length).toString()).error;
    at += 5 + length;
  }
  return undefined;
}

describe("Connect JSON with unknown fields and enum names, to every RPC", () => {
  const methods = SERVICES.flatMap((service) =>
    service.methods.map((method) => [`${service.name}/${method.name}`, method] as const),
  );
  const enumFields = (method: DescMethod) => method.input.fields.filter((field) => field.fieldKind === "enum");
  const bogusKey = fc.oneof(
    fc.constantFrom("defaultTokenTtl", "orderby", "page_tokens", "__proto__", "constructor", "Name", "name ", "ïd"),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
  const bogusName = fc.oneof(fc.constantFrom("DEFINE", "name", "", "jwt", "PERMISSION_MODE_define"), fc.string());

  it.each(methods)(
    "%s refuses them with InvalidArgument naming the field, and writes nothing",
    async (_, method) => {
      const known = new Set(method.input.fields.flatMap((f) => [f.name, f.jsonName]));
      const enums = enumFields(method);
      await fc.assert(
        fc.asyncProperty(bogusKey, bogusName, fc.nat(), async (key, name, pick) => {
          const field = enums[pick % Math.max(enums.length, 1)];
          const useEnum = field !== undefined && pick % 2 === 0;
          if (!useEnum && known.has(key)) return;
          const body = useEnum ? { [field.jsonName]: name } : JSON.parse(`{${JSON.stringify(key)}:1}`);
          const enumName = useEnum && field.enum.values.some((v) => v.name === name);
          if (enumName) return;
          const before = await snapshot();
          const error = await rawConnectJson(method, JSON.stringify(body));
          const context = `${JSON.stringify(body)} → ${JSON.stringify(error)}`;
          expect(error?.code, context).toBe("invalid_argument");
          const named = useEnum
            ? `${field.name}: unknown value ${JSON.stringify(name)}; accepted: `
            : `${key}: is not a field of`;
          expect(error?.message.startsWith(named), context).toBe(true);
          expect(await snapshot(), context).toBe(before);
        }),
        { numRuns: Math.max(4, Math.round(RUNS_PER_RPC / 2)) },
      );
    },
    120_000,
  );
});

describe("an oversized message", () => {
  it.each(
    PROTOCOLS.map((p) => [p.name, p] as const),
  )("over %s is ResourceExhausted, and the same client's next call works", async (_, protocol) => {
    const machines = createClient(MachineService, protocol.transport(fixture.a.secret));
    const before = await snapshot();
    const error = await machines.createMachine({ name: HUGE }).then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(error?.code).toBe(Code.ResourceExhausted);
    expect(await snapshot()).toBe(before);
    expect((await machines.createMachine({ name: "after" })).machine?.name).toBe("after");
  });
});

/** A raw HTTP/1.1 Connect call: the status and the body's error code. */
async function rawConnect(body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string>) {
  const res = await fetch(`${env.url}/latchkey.machine.v1.MachineService/CreateMachine`, {
    method: "POST",
    headers: { authorization: `Bearer ${fixture.a.secret}`, ...headers },
    body,
  });
  const text = await res.text();
  let code = "";
  try {
    code = (JSON.parse(text) as { code?: string }).code ?? "";
  } catch {
    // not JSON
  }
  return { status: res.status, code, text };
}

/** A raw gRPC call over HTTP/2 with the given body frames; returns grpc-status. */
async function rawGrpc(body: Buffer, headers: Record<string, string> = {}): Promise<string | undefined> {
  const session = http2.connect(env.url as string);
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": "/latchkey.machine.v1.MachineService/CreateMachine",
      "content-type": "application/grpc",
      te: "trailers",
      authorization: `Bearer ${fixture.a.secret}`,
      ...headers,
    });
    let status: string | undefined;
    stream.on("response", (h) => {
      if (h["grpc-status"] !== undefined) status = String(h["grpc-status"]);
    });
    stream.on("trailers", (t) => {
      status = String(t["grpc-status"]);
    });
    stream.end(body);
    stream.resume();
    await new Promise<void>((resolve) => stream.once("close", () => resolve()));
    return status;
  } finally {
    session.close();
  }
}

async function stillServing(): Promise<void> {
  const machines = createClient(MachineService, PROTOCOLS[0]?.transport(fixture.a.secret) as Transport);
  expect((await machines.createMachine({ name: "alive" })).machine?.name).toBe("alive");
}

describe("malformed frames and bodies", () => {
  const valid = toBinary(CreateMachineRequestSchema, create(CreateMachineRequestSchema, { name: "truncated" }));

  // connect-es answers a request it cannot parse as protobuf with Internal
  // (as grpc-go does) before latchkey's code runs; what latchkey guarantees is
  // that nothing is written, no stack is sent and the server stays up.
  it("a truncated protobuf body is refused, writes nothing, and leaks nothing", async () => {
    const before = await snapshot();
    const res = await rawConnect(new Uint8Array(valid.slice(0, valid.length - 3)), {
      "content-type": "application/proto",
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).toMatch(/^\{"code":"[a-z_]+","message":"parse binary: premature EOF"\}$/);
    expect(await snapshot()).toBe(before);
    await stillServing();
  });

  it("JSON with invalid UTF-8, or not JSON at all, is InvalidArgument", async () => {
    const invalidUtf8 = new Uint8Array([...Buffer.from('{"name":"'), 0xff, 0xfe, 0xc3, ...Buffer.from('"}')]);
    expect(await rawConnect(invalidUtf8, { "content-type": "application/json" })).toMatchObject({
      status: 400,
      code: "invalid_argument",
    });
    expect(await rawConnect("{not json", { "content-type": "application/json" })).toMatchObject({
      status: 400,
      code: "invalid_argument",
    });
    expect(
      await rawConnect('{"name": 12, "unknownField": true}', { "content-type": "application/json" }),
    ).toMatchObject({ status: 400, code: "invalid_argument" });
    await stillServing();
  });

  it("a wrong content type is 415, an unknown or broken compression is refused", async () => {
    expect((await rawConnect('{"name":"x"}', { "content-type": "text/plain" })).status).toBe(415);
    const unknown = await rawConnect('{"name":"x"}', { "content-type": "application/json", "content-encoding": "br" });
    expect(unknown).toMatchObject({ status: 400, code: "invalid_argument" });
    const broken = await rawConnect("garbage, not gzip", {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(broken.code).toBe("invalid_argument");
    await stillServing();
  });

  it("a gRPC frame shorter than its length prefix, or with a bad flag, ends with a status and writes nothing", async () => {
    const before = await snapshot();
    const frame = Buffer.alloc(5 + valid.length);
    frame.writeUInt8(0, 0);
    frame.writeUInt32BE(valid.length + 100, 1);
    Buffer.from(valid).copy(frame, 5);
    expect(await rawGrpc(frame)).toBe(String(Code.InvalidArgument));
    const flagged = Buffer.from(frame);
    flagged.writeUInt32BE(valid.length, 1);
    flagged.writeUInt8(0x7f, 0);
    // An unknown flag is, like an unparsable message, refused by connect-es with Internal.
    expect(await rawGrpc(flagged)).toBe(String(Code.Internal));
    expect(await snapshot()).toBe(before);
    await stillServing();
  });

  it("a flood of headers is refused and the server stays up", async () => {
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`x-flood-${i}`, "y".repeat(50)]));
    const h1 = await new Promise<number>((resolve) => {
      const req = httpRequest(`${env.url}/latchkey.machine.v1.MachineService/CreateMachine`, {
        method: "POST",
        headers: { "content-type": "application/json", ...many },
      });
      req.on("response", (res) => resolve(res.statusCode ?? 0));
      req.on("error", () => resolve(0));
      req.end('{"name":"x"}');
    });
    expect([0, 431]).toContain(h1);
    const h2 = await new Promise<string>((resolve) => {
      const session = http2.connect(env.url as string);
      session.on("error", () => resolve("session error"));
      const stream = session.request({ ":method": "POST", ":path": "/x", ...many });
      stream.on("response", (headers) => resolve(String(headers[":status"])));
      stream.on("error", () => resolve("stream error"));
      stream.on("close", () => {
        resolve(`closed ${stream.rstCode}`);
        session.destroy();
      });
      stream.end();
    });
    expect(h2).toMatch(/error|closed|431/);
    await stillServing();
  });
});
