import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { InvalidArgumentError } from "../../domain/errors.js";
import { jsonNestingExceeds } from "../../domain/input.js";
import { INPUT_LIMITS } from "../../domain/limits.js";
import type { JsonObject } from "../../domain/token-rules.js";
import { readBody } from "../surface.js";
import { RestError } from "./errors.js";

/** JSON_BODY_MAX_DEPTH bounds how deep a REST body nests: the body object plus claims as deep as they may be. */
export const JSON_BODY_MAX_DEPTH = INPUT_LIMITS.jsonNestingMax + 1;

/**
 * readJsonObject reads a request body of at most BODY_MAX_BYTES (readBody) and
 * JSON_BODY_MAX_DEPTH levels. An empty body is `{}`; anything else must be
 * `application/json` holding one object.
 */
export async function readJsonObject(req: IncomingMessage | Http2ServerRequest): Promise<JsonObject> {
  const parsed = await readJson(req, "object");
  if (parsed === undefined) return {};
  return parsed as JsonObject;
}

/**
 * readJsonArray reads a body like readJsonObject that must hold an array of
 * objects, as the reference's batch endpoints take; an empty body is refused.
 */
export async function readJsonArray(req: IncomingMessage | Http2ServerRequest): Promise<JsonObject[]> {
  const parsed = await readJson(req, "array");
  if (parsed === undefined) {
    throw new RestError(400, "request_body_invalid", "Invalid request body", "the body must be a JSON array");
  }
  const items = parsed as unknown[];
  const bad = items.findIndex((item) => item === null || typeof item !== "object" || Array.isArray(item));
  if (bad >= 0) throw new InvalidArgumentError(`[${bad}]`, "must be a JSON object");
  return items as JsonObject[];
}

/** readJson reads and bounds a JSON body holding one `shape`; undefined for an empty body. */
async function readJson(req: IncomingMessage | Http2ServerRequest, shape: "object" | "array"): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === "") return undefined;
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (type !== "application/json") {
    throw new RestError(415, "unsupported_media_type", "Unsupported media type", "the body must be application/json");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RestError(400, "request_body_invalid", "Invalid request body", "the body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) !== (shape === "array")) {
    throw new RestError(400, "request_body_invalid", "Invalid request body", `the body must be a JSON ${shape}`);
  }
  if (jsonNestingExceeds(parsed, JSON_BODY_MAX_DEPTH)) {
    throw new RestError(
      400,
      "request_body_invalid",
      "Invalid request body",
      `the body must nest at most ${JSON_BODY_MAX_DEPTH} levels of objects and arrays`,
    );
  }
  return parsed;
}

/**
 * Params reads the parameters of one REST call (JSON body fields or query
 * string values) and checks their types, naming the parameter when one is
 * wrong: a JSON body must use JSON numbers and booleans, a query string
 * carries them as text. Range and format rules are the domain's, applied by
 * the handlers. `null` counts as absent, as in the reference's nullable fields.
 */
export class Params {
  private constructor(
    private readonly values: Record<string, unknown>,
    private readonly textual: boolean,
    /** Put before every parameter name in errors: where a nested object sits in the body, such as `memberships[0].`. */
    private readonly prefix = "",
  ) {}

  /**
   * body wraps a JSON body (or an object inside one, whose place `prefix`
   * names) and refuses parameters the endpoint does not take.
   */
  static body(fields: JsonObject, allowed: readonly string[], prefix = ""): Params {
    const unknown = Object.keys(fields).find((name) => !allowed.includes(name));
    if (unknown !== undefined) {
      throw new InvalidArgumentError(`${prefix}${unknown}`, "is not a parameter of this endpoint");
    }
    return new Params(fields, false, prefix);
  }

  /** query wraps a query string; repeated names keep the last value. */
  static query(search: URLSearchParams): Params {
    return new Params(Object.fromEntries(search), true);
  }

  /** strictQuery is query for endpoints that refuse parameters they do not take. */
  static strictQuery(search: URLSearchParams, allowed: readonly string[]): Params {
    const unknown = [...search.keys()].find((name) => !allowed.includes(name));
    if (unknown !== undefined) throw new InvalidArgumentError(unknown, "is not a parameter of this endpoint");
    return Params.query(search);
  }

  /** name is how errors name a parameter: with the place of this object in the body. */
  name(param: string): string {
    return `${this.prefix}${param}`;
  }

  /** has tells whether the caller sent a parameter at all, `null` included (a PATCH's "clear this"). */
  has(name: string): boolean {
    return Object.hasOwn(this.values, name);
  }

  private present(name: string): unknown {
    const value = this.values[name];
    return value === null ? undefined : value;
  }

  /** string returns a string parameter, or undefined when absent. */
  string(name: string): string | undefined {
    const value = this.present(name);
    if (value === undefined || typeof value === "string") return value;
    throw new InvalidArgumentError(this.name(name), "must be a string");
  }

  /** integer returns an integer parameter (a JSON number, or decimal digits in a query string). */
  integer(name: string): bigint | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (this.textual && typeof value === "string" && /^-?\d{1,18}$/.test(value)) return BigInt(value);
    throw new InvalidArgumentError(this.name(name), "must be an integer");
  }

  /** boolean returns a boolean parameter (`true`/`false` in a query string). */
  boolean(name: string): boolean | undefined {
    const value = this.present(name);
    if (value === undefined || typeof value === "boolean") return value;
    if (this.textual && (value === "true" || value === "false")) return value === "true";
    throw new InvalidArgumentError(this.name(name), "must be true or false");
  }

  /** strings returns an array-of-strings parameter. */
  strings(name: string): string[] | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
    throw new InvalidArgumentError(this.name(name), "must be an array of strings");
  }

  /** nested returns an object parameter as Params taking only `allowed`. */
  nested(name: string, allowed: readonly string[]): Params | undefined {
    const value = this.object(name);
    return value === undefined ? undefined : Params.body(value, allowed, `${this.name(name)}.`);
  }

  /** objects returns an array-of-objects parameter, each as Params taking only `allowed`. */
  objects(name: string, allowed: readonly string[]): Params[] | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw new InvalidArgumentError(this.name(name), "must be an array of objects");
    return value.map((item: unknown, index) => {
      const at = `${this.name(name)}[${index}]`;
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        throw new InvalidArgumentError(at, "must be a JSON object");
      }
      return Params.body(item as JsonObject, allowed, `${at}.`);
    });
  }

  /** object returns a JSON object parameter. */
  object(name: string): JsonObject | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value === "object" && !Array.isArray(value)) return value as JsonObject;
    throw new InvalidArgumentError(this.name(name), "must be a JSON object");
  }
}
