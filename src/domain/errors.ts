/**
 * Domain errors: what went wrong in terms a caller understands, with no HTTP or
 * database vocabulary. The one error-mapping interceptor turns each into the
 * matching Connect code; anything else becomes `Internal` with a generic message.
 */
export type DomainErrorKind =
  | "invalid_argument"
  | "not_found"
  | "already_exists"
  | "failed_precondition"
  | "unauthenticated"
  | "permission_denied"
  | "resource_exhausted";

/** DomainError is the base of every error the domain raises on purpose. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** A stable, machine-readable reason such as `MACHINE_NOT_FOUND`. */
    readonly reason: string,
    /** Facts a program can act on, such as the field that was wrong; never secrets. */
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** InvalidArgumentError names the request field that is wrong and why. */
export class InvalidArgumentError extends DomainError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super("invalid_argument", `${field}: ${problem}`, "INVALID_FIELD", { field });
  }
}

/** NotFoundError says which resource, by id, does not exist for the caller. */
export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super("not_found", `${resource} ${id} not found`, `${resource.toUpperCase().replaceAll(" ", "_")}_NOT_FOUND`, {
      resource,
      id,
    });
  }
}

/** AlreadyExistsError says which resource would have been duplicated. */
export class AlreadyExistsError extends DomainError {
  constructor(message: string, reason: string) {
    super("already_exists", message, reason);
  }
}

/** FailedPreconditionError: the request is valid but the current state forbids it. */
export class FailedPreconditionError extends DomainError {
  constructor(message: string, reason: string) {
    super("failed_precondition", message, reason);
  }
}

/** PermissionDeniedError: the caller is known but may not do this, or the token it checks is not acceptable. */
export class PermissionDeniedError extends DomainError {
  constructor(message: string, reason: string) {
    super("permission_denied", message, reason);
  }
}

/** UnauthenticatedError: the caller's credential is missing, malformed or unknown. */
export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super("unauthenticated", message, "INVALID_CREDENTIAL");
  }
}

/**
 * TooManyFailuresError: the caller's address spent its budget of failed
 * authentications (AuthThrottle); every surface answers it at once with
 * ResourceExhausted or HTTP 429 and `Retry-After: retryAfterSeconds`.
 */
export class TooManyFailuresError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    /**
     * Not the first refusal of its address's block: its request gets no log
     * line of its own, the throttle counts it in the block's summary line
     * (isSummarizedRefusal), so a flood cannot turn into as many log lines.
     */
    readonly summarized = false,
  ) {
    super(
      "resource_exhausted",
      `too many failed authentications from this address: try again in ${retryAfterSeconds} s`,
      "TOO_MANY_FAILED_AUTHENTICATIONS",
      { retry_after_seconds: String(retryAfterSeconds) },
    );
  }
}

/** isSummarizedRefusal tells a request refused by the throttle that the log shows only in its block's summary line. */
export function isSummarizedRefusal(error: unknown): boolean {
  return error instanceof TooManyFailuresError && error.summarized;
}
