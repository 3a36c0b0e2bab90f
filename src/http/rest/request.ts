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
  const text = await readBody(req);
  if (text.trim() === "") return {};
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
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new RestError(400, "request_body_invalid", "Invalid request body", "the body must be a JSON object");
  }
  if (jsonNestingExceeds(parsed, JSON_BODY_MAX_DEPTH)) {
    throw new RestError(
      400,
      "request_body_invalid",
      "Invalid request body",
      `the body must nest at most ${JSON_BODY_MAX_DEPTH} levels of objects and arrays`,
    );
  }
  return parsed as JsonObject;
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
  ) {}

  /** body wraps a JSON body and refuses parameters the endpoint does not take. */
  static body(fields: JsonObject, allowed: readonly string[]): Params {
    const unknown = Object.keys(fields).find((name) => !allowed.includes(name));
    if (unknown !== undefined) throw new InvalidArgumentError(unknown, "is not a parameter of this endpoint");
    return new Params(fields, false);
  }

  /** query wraps a query string; repeated names keep the last value. */
  static query(search: URLSearchParams): Params {
    return new Params(Object.fromEntries(search), true);
  }

  private present(name: string): unknown {
    const value = this.values[name];
    return value === null ? undefined : value;
  }

  /** string returns a string parameter, or undefined when absent. */
  string(name: string): string | undefined {
    const value = this.present(name);
    if (value === undefined || typeof value === "string") return value;
    throw new InvalidArgumentError(name, "must be a string");
  }

  /** integer returns an integer parameter (a JSON number, or decimal digits in a query string). */
  integer(name: string): bigint | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (this.textual && typeof value === "string" && /^-?\d{1,18}$/.test(value)) return BigInt(value);
    throw new InvalidArgumentError(name, "must be an integer");
  }

  /** boolean returns a boolean parameter (`true`/`false` in a query string). */
  boolean(name: string): boolean | undefined {
    const value = this.present(name);
    if (value === undefined || typeof value === "boolean") return value;
    if (this.textual && (value === "true" || value === "false")) return value === "true";
    throw new InvalidArgumentError(name, "must be true or false");
  }

  /** strings returns an array-of-strings parameter. */
  strings(name: string): string[] | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
    throw new InvalidArgumentError(name, "must be an array of strings");
  }

  /** object returns a JSON object parameter. */
  object(name: string): JsonObject | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value === "object" && !Array.isArray(value)) return value as JsonObject;
    throw new InvalidArgumentError(name, "must be a JSON object");
  }
}
