import type { DescField, DescMessage, DescService, JsonReadOptions, JsonWriteOptions } from "@bufbuild/protobuf";
import type { ConnectRouter, MethodImpl, ServiceImpl } from "@connectrpc/connect";
import { InvalidArgumentError } from "./domain/errors.js";
import { jsonNestingExceeds } from "./domain/input.js";
import { INPUT_LIMITS } from "./domain/limits.js";
import { toConnectError } from "./interceptors/errors.js";

/** JsonOptions are the JSON options connect-es takes, with the TextDecoder its JSON serialization reads bodies with. */
export type JsonOptions = Partial<JsonReadOptions & JsonWriteOptions> & {
  textDecoder: { decode(data: Uint8Array): string };
};

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * STRICT_JSON is how every RPC reads and writes JSON (Connect, gRPC-Web and
 * gRPC with `+json`), as the protobuf JSON mapping specifies rather than
 * connect-es's lenient default:
 * - a body that is not valid UTF-8 is InvalidArgument, not text with
 *   replacement characters (binary protobuf strings are checked by
 *   protobuf-es already);
 * - an unknown field or enum name is InvalidArgument: ignored, it would
 *   change what the caller asked for (`"defaultTokenTtl": 60` would make a
 *   machine with the default TTL, `"permissionMode": "DEFINE"` an INHERIT
 *   type);
 * - answers carry fields at their zero value (`"allowed": false`,
 *   `"totalCount": "0"`, `[]`), so a reader does not mistake an omitted
 *   field for a missing answer.
 * strictJsonFor adds field-naming messages per method; this constant serves
 * what is registered without it.
 */
export const STRICT_JSON: JsonOptions = { textDecoder: UTF8, ignoreUnknownFields: false, alwaysEmitImplicit: true };

/**
 * strictJsonFor is STRICT_JSON for one method's request message. protobuf-es
 * reports an unknown field or enum name by type name only, and connect-es
 * gives no hook between reading a body and parsing it except the TextDecoder
 * of its JSON options; so this decoder checks the parsed body against the
 * request message first, and refuses it with an InvalidArgument naming the
 * field by its path (`checks[0].permission`), listing the accepted enum names.
 */
export function strictJsonFor(input: DescMessage): JsonOptions {
  return {
    ...STRICT_JSON,
    textDecoder: {
      decode(data) {
        const text = UTF8.decode(data);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return text; // protobuf-es reports the syntax error
        }
        try {
          checkMessage(input, body, "");
        } catch (error) {
          throw toConnectError(error);
        }
        return text;
      },
    },
  };
}

/** shown is what an error echoes of a caller's key or value: at most 64 characters. */
function shown(text: string): string {
  return text.length <= 64 ? text : `${Array.from(text.slice(0, 64)).slice(0, 63).join("")}…`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const FIELDS_BY_KEY = new WeakMap<DescMessage, Map<string, DescField>>();

/** fieldsByKey maps both JSON keys of each field of `desc` (JSON name, proto name) to the field. */
function fieldsByKey(desc: DescMessage): Map<string, DescField> {
  let fields = FIELDS_BY_KEY.get(desc);
  if (fields === undefined) {
    fields = new Map(desc.fields.flatMap((f) => [[f.jsonName, f] as const, [f.name, f] as const]));
    FIELDS_BY_KEY.set(desc, fields);
  }
  return fields;
}

/** checkMessage checks the JSON object of a message: every key a field, every value checkValue. */
function checkMessage(desc: DescMessage, json: unknown, prefix: string): void {
  if (!isObject(json)) return; // not an object: protobuf-es names the type error
  const fields = fieldsByKey(desc);
  for (const key in json) {
    const value = json[key];
    const field = fields.get(key);
    if (field === undefined) {
      const known = desc.fields.map((f) => f.jsonName).join(", ");
      throw new InvalidArgumentError(`${prefix}${shown(key)}`, `is not a field of ${desc.name} (its fields: ${known})`);
    }
    if (value !== null) checkValue(field, value, `${prefix}${field.name}`);
  }
}

function checkValue(field: DescField, value: unknown, path: string): void {
  switch (field.fieldKind) {
    case "enum":
      checkEnum(field.enum.values, value, path);
      return;
    case "message":
      checkNested(field.message, value, path);
      return;
    case "scalar":
      wellFormed(value, path);
      return;
    case "list":
      if (!Array.isArray(value)) return;
      value.forEach((item, index) => {
        wellFormed(item, `${path}[${index}]`);
        if (field.listKind === "enum") checkEnum(field.enum.values, item, `${path}[${index}]`);
        if (field.listKind === "message") checkNested(field.message, item, `${path}[${index}]`);
      });
      return;
    case "map":
      if (!isObject(value)) return;
      for (const [key, item] of Object.entries(value)) {
        const at = `${path}[${JSON.stringify(key)}]`;
        wellFormed(key, at);
        wellFormed(item, at);
        if (field.mapKind === "enum") checkEnum(field.enum.values, item, at);
        if (field.mapKind === "message") checkNested(field.message, item, at);
      }
      return;
    default:
      return;
  }
}

/** wellFormed refuses a string with an unpaired surrogate (a `\ud800` escape), which protobuf-es refuses without naming the field. */
function wellFormed(value: unknown, path: string): void {
  if (typeof value === "string" && !value.isWellFormed()) {
    throw new InvalidArgumentError(path, "must be well-formed Unicode (it holds an unpaired surrogate)");
  }
}

function checkEnum(values: readonly { name: string }[], value: unknown, path: string): void {
  if (typeof value !== "string" || values.some((v) => v.name === value)) return;
  const accepted = values.map((v) => v.name).join(", ");
  throw new InvalidArgumentError(path, `unknown value ${JSON.stringify(shown(value))}; accepted: ${accepted}`);
}

const JSON_VALUES = new Set(["google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"]);

/** checkNested checks a message field: free JSON (Struct) for its depth, a well-known type not at all. */
function checkNested(desc: DescMessage, value: unknown, path: string): void {
  if (JSON_VALUES.has(desc.typeName)) {
    if (jsonNestingExceeds(value, INPUT_LIMITS.jsonNestingMax)) {
      throw new InvalidArgumentError(path, `must be nested at most ${INPUT_LIMITS.jsonNestingMax} levels deep`);
    }
    return;
  }
  if (desc.typeName.startsWith("google.protobuf.")) return; // Timestamp, FieldMask…: strings protobuf-es checks
  checkMessage(desc, value, `${path}.`);
}

/**
 * serveStrictly registers every method of `service` with strictJsonFor its
 * request message (connect-es takes JSON options per service or per method;
 * the messages need the method).
 */
export function serveStrictly<S extends DescService>(router: ConnectRouter, service: S, impl: ServiceImpl<S>): void {
  for (const method of service.methods) {
    const handler = (impl as Record<string, unknown>)[method.localName];
    if (typeof handler !== "function") throw new Error(`${service.typeName}/${method.name} is not implemented`);
    router.rpc(method, handler.bind(impl) as MethodImpl<typeof method>, { jsonOptions: strictJsonFor(method.input) });
  }
}
