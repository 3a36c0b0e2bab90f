import { Code } from "@connectrpc/connect";
import { DomainError, type DomainErrorKind, TooManyFailuresError } from "../../domain/errors.js";
import { toConnectError } from "../../interceptors/errors.js";
import { BadPathError } from "../request-target.js";
import { BodyTooLargeError } from "../surface.js";

/**
 * RestError is a failure of the REST transport itself (unknown path, wrong
 * method, unreadable body), before any domain rule runs. Domain failures are
 * DomainErrors and are mapped by toRestError.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The short `message` of the reference's error body. */
    readonly short: string,
    /** The `long_message`: a full sentence, safe to show. */
    longMessage: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(longMessage);
  }
}

/** RestErrorEntry is one entry of the reference's error body. */
export type RestErrorEntry = { message: string; long_message: string; code: string; meta: Record<string, string> };

/** RestFailure is a mapped failure: status, headers and the `{errors: [...]}` body. */
export type RestFailure = {
  status: number;
  headers: Record<string, string>;
  body: { errors: RestErrorEntry[] };
  /** The original error when the server is at fault (5xx): for the log only, never sent. */
  cause?: unknown;
};

type Mapping = { status: number; code: string; message: string };

const BY_KIND: Record<DomainErrorKind, Mapping> = {
  invalid_argument: { status: 422, code: "form_param_value_invalid", message: "is invalid" },
  not_found: { status: 404, code: "resource_not_found", message: "not found" },
  already_exists: { status: 409, code: "duplicate_record", message: "already exists" },
  failed_precondition: { status: 422, code: "precondition_failed", message: "cannot be done now" },
  unauthenticated: { status: 401, code: "authentication_invalid", message: "Invalid authentication" },
  permission_denied: { status: 403, code: "authorization_invalid", message: "Unauthorized request" },
  resource_exhausted: { status: 429, code: "too_many_requests", message: "Too many requests" },
};

/**
 * Reasons whose REST status differs from their kind's, to match the reference:
 * a key of the wrong kind is 401 (the reference answers a `sk_` key on
 * `POST /m2m_tokens` with 401 `machine_secret_key_invalid`), and a token that
 * does not verify is 404, which the reference SDKs read as "token invalid".
 */
const BY_REASON: Record<string, Mapping> = {
  INSTANCE_KEY_REQUIRED: { status: 401, code: "authentication_invalid", message: "Invalid authentication" },
  MACHINE_KEY_REQUIRED: {
    status: 401,
    code: "machine_secret_key_invalid",
    message: "The provided Machine Secret Key is invalid",
  },
  MACHINE_SCOPE_LIMIT: { status: 422, code: "machine_scope_limit_exceeded", message: "too many scopes" },
  TOKEN_REVOKED: { status: 404, code: "token_revoked", message: "Machine token is invalid" },
  TOKEN_EXPIRED: { status: 404, code: "token_expired", message: "Machine token is invalid" },
  TOKEN_NOT_YET_VALID: { status: 404, code: "token_not_yet_valid", message: "Machine token is invalid" },
  TOKEN_NOT_FOR_RECEIVER: { status: 404, code: "token_not_for_receiver", message: "Machine token is invalid" },
};

/** Unexpected failures by the Connect code toConnectError classified them as. */
const BY_CONNECT_CODE: Partial<Record<Code, Mapping>> = {
  [Code.InvalidArgument]: BY_KIND.invalid_argument,
  [Code.AlreadyExists]: BY_KIND.already_exists,
  [Code.NotFound]: BY_KIND.not_found,
  [Code.Unavailable]: { status: 503, code: "service_unavailable", message: "Service unavailable" },
};

const INTERNAL: Mapping = { status: 500, code: "internal_error", message: "Internal error" };

function failure(mapping: Mapping, longMessage: string, meta: Record<string, string>, cause?: unknown): RestFailure {
  return {
    status: mapping.status,
    headers: {},
    body: { errors: [{ message: mapping.message, long_message: longMessage, code: mapping.code, meta }] },
    ...(mapping.status >= 500 ? { cause } : {}),
  };
}

/**
 * toRestError is the one place where errors become what a REST caller sees,
 * the REST counterpart of toConnectError: the reference's `{errors: [{message,
 * long_message, code, meta}]}` body. Domain errors keep their message as
 * `long_message`, and `meta` carries latchkey's stable `reason` (and
 * `param_name` for a bad field, as the reference names it). Anything else is
 * classified by toConnectError (database constraint, database unavailable,
 * internal) and gets only a generic message; the cause is kept for the log.
 */
export function toRestError(error: unknown): RestFailure {
  if (error instanceof RestError) {
    const mapping = { status: error.status, code: error.code, message: error.short };
    return { ...failure(mapping, error.message, {}), headers: error.headers };
  }
  if (error instanceof BodyTooLargeError) {
    return failure(
      { status: 413, code: "request_body_too_large", message: "Request body too large" },
      error.message,
      {},
    );
  }
  if (error instanceof BadPathError) {
    return failure({ status: 400, code: "request_path_invalid", message: "Invalid path" }, error.message, {});
  }
  if (error instanceof DomainError) {
    const { field, ...rest } = error.metadata;
    const meta = { ...rest, ...(field === undefined ? {} : { param_name: field }), reason: error.reason };
    const mapped = failure(BY_REASON[error.reason] ?? BY_KIND[error.kind], error.message, meta);
    if (error instanceof TooManyFailuresError) mapped.headers["retry-after"] = String(error.retryAfterSeconds);
    return mapped;
  }
  const classified = toConnectError(error);
  return failure(BY_CONNECT_CODE[classified.code] ?? INTERNAL, classified.rawMessage, {}, error);
}

/** BedrockErrorBody is the error body of the Bedrock-compatible routes (docs/bedrock-compat.md). */
export type BedrockErrorBody = {
  error: {
    status: number;
    code: string;
    message: string;
    reason?: string;
    param?: string;
    details: Record<string, string>;
  };
};

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * bedrockErrorBody renders a failure toRestError mapped (the one mapping of
 * every REST route) in the Bedrock routes' camelCase shape, since the
 * reference documents none: the same status and `code` as the Clerk routes,
 * the full sentence as `message`, latchkey's stable `reason`, the wire name
 * of a wrong parameter as `param`, and any other facts in `details`.
 */
export function bedrockErrorBody(failure: RestFailure): BedrockErrorBody {
  const [entry] = failure.body.errors;
  const { reason, param_name: param, ...rest } = entry?.meta ?? {};
  const details = Object.fromEntries(Object.entries(rest).map(([key, value]) => [camelCase(key), value]));
  return {
    error: {
      status: failure.status,
      code: entry?.code ?? "internal_error",
      message: entry?.long_message ?? "internal error",
      ...(reason === undefined ? {} : { reason }),
      ...(param === undefined ? {} : { param }),
      details,
    },
  };
}
