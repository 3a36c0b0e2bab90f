import type { HandlerContext } from "@connectrpc/connect";
import { dbKey, principalKey } from "../context.js";
import type { Caller } from "../use-cases/caller.js";

/**
 * callerOf returns the use cases' Caller of a Connect call: the
 * authenticated principal and the call's entity manager, put there by the
 * request gate and an interceptor, and the call's abort signal.
 */
export function callerOf(context: HandlerContext): Caller {
  const principal = context.values.get(principalKey);
  const dbOfCall = context.values.get(dbKey);
  if (principal === undefined || dbOfCall === undefined) {
    throw new Error("authGate and databaseInterceptor must run before handlers");
  }
  return {
    principal,
    // Forked the first time a use case reads it (forkOnFirstUse).
    get db() {
      return dbOfCall();
    },
    signal: context.signal,
  };
}
