import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import {
  ConnectionException,
  DriverException,
  ForeignKeyConstraintViolationException,
  LockWaitTimeoutException,
  UniqueConstraintViolationException,
} from "@mikro-orm/core";
import { ErrorInfoSchema } from "../../gen/ts/google/rpc/error_details_pb.js";
import { DomainError, type DomainErrorKind, TooManyFailuresError } from "../domain/errors.js";

const CODE_OF_KIND: Record<DomainErrorKind, Code> = {
  invalid_argument: Code.InvalidArgument,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  failed_precondition: Code.FailedPrecondition,
  unauthenticated: Code.Unauthenticated,
  permission_denied: Code.PermissionDenied,
  resource_exhausted: Code.ResourceExhausted,
};

/** ERROR_DOMAIN is the `domain` of every google.rpc.ErrorInfo latchkey sends. */
export const ERROR_DOMAIN = "latchkey";

/**
 * toConnectError is the one place where errors become what the client sees.
 * Domain errors keep their message and carry a google.rpc.ErrorInfo detail
 * (reason, domain "latchkey", metadata such as the field) plus the reason in
 * the `latchkey-error-reason` header for plain HTTP callers (and
 * `retry-after` when the caller must wait); database constraint errors get a generic
 * message of the right code; anything else is Internal. The original error
 * rides in `cause` for the log and never reaches the client.
 */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  if (error instanceof DomainError) {
    const info = {
      desc: ErrorInfoSchema,
      value: { reason: error.reason, domain: ERROR_DOMAIN, metadata: error.metadata },
    };
    const connectError = new ConnectError(error.message, CODE_OF_KIND[error.kind], undefined, [info], error);
    connectError.metadata.set("latchkey-error-reason", error.reason);
    if (error instanceof TooManyFailuresError)
      connectError.metadata.set("retry-after", String(error.retryAfterSeconds));
    return connectError;
  }
  if (error instanceof UniqueConstraintViolationException) {
    return new ConnectError("the resource already exists", Code.AlreadyExists, undefined, undefined, error);
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return new ConnectError("a referenced resource does not exist", Code.NotFound, undefined, undefined, error);
  }
  if (isDatabaseUnavailable(error)) {
    return new ConnectError("the database is unavailable, try again", Code.Unavailable, undefined, undefined, error);
  }
  if (isDataException(error)) {
    return new ConnectError(
      "the request holds a value the database cannot store",
      Code.InvalidArgument,
      undefined,
      undefined,
      error,
    );
  }
  return new ConnectError("internal error", Code.Internal, undefined, undefined, error);
}

/** Socket errors of the driver: the database, a handler's only peer, cannot be reached. */
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH"]);

/**
 * PostgreSQL's "connection exception" codes that mean the connection is gone
 * or could not be made (class 08 without 08P01 "protocol violation", which a
 * bad value in a query can raise on a healthy connection), and its "operator
 * intervention" class (57P: shutdown, cannot connect now).
 */
const LOST_CONNECTION_STATES = /^(08000|08001|08003|08004|08006|08007|57P\d\d)$/;

/**
 * node-postgres reports a connection lost mid-query, a pool that could not
 * connect in time and a query timeout without any code, only with these
 * messages (pg 8.x: client.js, pg-pool), sometimes wrapped by MikroORM and
 * sometimes raw (a failed COMMIT or ROLLBACK).
 */
const CONNECTION_LOST_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Query read timeout)/;

function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof ConnectionException || error instanceof LockWaitTimeoutException) return true;
  if (!(error instanceof Error)) return false;
  if (CONNECTION_LOST_MESSAGES.test(error.message)) return true;
  // Socket errors reach us wrapped or raw; the database is a handler's only peer.
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  if (UNAVAILABLE_CODES.has(code)) return true;
  return error instanceof DriverException && LOST_CONNECTION_STATES.test(code);
}

/**
 * isDataException tells PostgreSQL's "data exception" class (22: a value out
 * of range, malformed, or text holding NUL): the request carried a value the
 * domain rules should have refused, so the caller, not the database, is at
 * fault. Retrying cannot help, so it is never Unavailable. Logged with its
 * cause, since each one is a rule missing in the domain layer.
 */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof DriverException && typeof code === "string" && code.startsWith("22");
}

/**
 * isServerFault tells an outcome the log reports as the server's failure,
 * with its cause: Internal, Unavailable, or a data exception (a rule missing
 * in the domain layer, see isDataException).
 */
export function isServerFault(error: ConnectError): boolean {
  return error.code === Code.Internal || error.code === Code.Unavailable || isDataException(error.cause);
}

/** describeCause is the log's text for the cause of a failure: the original error's name and message, never a stack. */
export function describeCause(error: unknown): string {
  if (error instanceof ConnectError) {
    const cause = error.cause;
    return cause instanceof Error ? `${cause.name}: ${cause.message}` : error.rawMessage;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * callOutcome is how an RPC ended, for its log line, read when its response
 * closed from the signal of its handler context: connect aborts that signal
 * when the call ends, with the error it ended with (the request gate's
 * refusal, a body it could not parse, what errorInterceptor made of the
 * handler's failure, the deadline, the drain), or with no reason when it
 * ended well. Undefined: OK. A response that never finished is the client's
 * leaving (Canceled) unless the call had already failed.
 */
export function callOutcome(signal: AbortSignal, answered: boolean): ConnectError | undefined {
  const reason: unknown = signal.aborted ? signal.reason : undefined;
  const failed = reason !== undefined && !(reason instanceof DOMException && reason.name === "AbortError");
  if (failed) {
    return isResetByClient(reason)
      ? new ConnectError("the client reset the stream", Code.Canceled, undefined, undefined, reason)
      : toConnectError(reason);
  }
  return answered ? undefined : new ConnectError("the client left before the answer", Code.Canceled);
}

/**
 * isResetByClient tells a write that failed because the client reset its
 * HTTP/2 stream (connect-node reports RST_STREAM with this message, often
 * before the call's signal aborts): the client ended the call, not a fault.
 */
function isResetByClient(error: unknown): boolean {
  return error instanceof ConnectError && error.rawMessage.startsWith("http/2 stream closed with error code");
}

/**
 * settled is what a call ended with, given what its handler threw (undefined:
 * nothing). A call whose signal aborted ends for that reason whatever the
 * handler then did: its deadline or the server's shutdown, else the client
 * left; a stream that stopped early is incomplete and never ends with OK. A
 * write refused because the client reset its stream is the client's doing.
 */
function settled(thrown: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof ConnectError && !isResetByClient(reason)
      ? reason
      : new ConnectError("the client cancelled the call", Code.Canceled);
  }
  if (isResetByClient(thrown)) {
    return new ConnectError("the client reset the stream", Code.Canceled, undefined, undefined, thrown);
  }
  return thrown;
}

/**
 * errorInterceptor maps every failure through toConnectError, for server
 * streams also errors raised mid-stream. It does not log: the front writes
 * each request's one line when its response closes (callOutcome).
 */
export const errorInterceptor: Interceptor = (next) => async (req) => {
  let res: Awaited<ReturnType<typeof next>>;
  try {
    res = await next(req);
  } catch (error) {
    throw toConnectError(settled(error, req.signal));
  }
  if (!res.stream) return res;
  const messages = res.message;
  return {
    ...res,
    message: (async function* () {
      let thrown: unknown;
      try {
        yield* messages;
      } catch (error) {
        thrown = error;
      }
      const outcome = settled(thrown, req.signal);
      if (outcome !== undefined) throw toConnectError(outcome);
    })(),
  };
};
