import type { HandlerContext } from "@connectrpc/connect";
import { dbKey, principalKey } from "../context.js";
import { requireInstanceKey } from "../domain/access.js";
import type { Caller } from "../use-cases/caller.js";

/**
 * callScope returns the use cases' Caller of a Connect call: the
 * authenticated principal and the call's entity manager, put there by the
 * request gate and an interceptor, and the call's abort signal.
 */
export function callScope(context: HandlerContext): Caller {
  const principal = context.values.get(principalKey);
  const db = context.values.get(dbKey);
  if (principal === undefined || db === undefined) {
    throw new Error("authGate and databaseInterceptor must run before handlers");
  }
  return { principal, db, signal: context.signal };
}

/** instanceScope is callScope for management calls, which need an instance key (`sk_…`). */
export function instanceScope(context: HandlerContext): { instanceId: string; db: Caller["db"] } {
  const { principal, db } = callScope(context);
  return { instanceId: requireInstanceKey(principal), db };
}
