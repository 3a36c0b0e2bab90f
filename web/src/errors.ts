import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema } from "../../gen/ts/google/rpc/error_details_pb.js";

/** Problem is a failed call as the operator should see it. */
export type Problem = {
  /** The canonical code's name, e.g. `InvalidArgument`. */
  code: string;
  /** google.rpc.ErrorInfo `reason`, e.g. `INVALID_FIELD`, when the server sent one. */
  reason: string | undefined;
  /** The request field that was wrong (ErrorInfo metadata `field`), in proto snake_case. */
  field: string | undefined;
  /** One sentence to show. */
  message: string;
};

const ADVICE: Partial<Record<Code, string>> = {
  [Code.Unauthenticated]: "The key was not accepted. Sign out and paste a valid instance key (sk_…).",
  [Code.Unavailable]: "The server cannot be reached or its database is down. Try again in a moment.",
  [Code.Internal]: "The server failed unexpectedly; its log has the cause.",
  [Code.DeadlineExceeded]: "The server took too long to answer. Try again.",
};

/**
 * describeError turns anything a Connect call threw into a Problem: the
 * server's message (which names the field first, `name: must not be blank`),
 * the ErrorInfo reason and field, or advice for codes that carry no useful text.
 */
export function describeError(error: unknown): Problem {
  const err = ConnectError.from(error);
  const info = err.findDetails(ErrorInfoSchema)[0];
  const advice = ADVICE[err.code];
  let message = err.rawMessage;
  if (err.code === Code.Unauthenticated) message = message === "" ? `${advice}` : `${advice} (${message})`;
  else if (advice !== undefined) message = advice;
  return {
    code: Code[err.code] ?? String(err.code),
    reason: info?.reason || undefined,
    field: info?.metadata.field || undefined,
    message: message || `The call failed (${Code[err.code]}).`,
  };
}
