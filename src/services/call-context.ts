import type { HandlerContext } from "@connectrpc/connect";
import { dbKey, principalKey } from "../context.js";
import type { Db } from "../db/orm.js";
import type { Principal } from "../domain/access.js";
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
  return new CallerOfCall(principal, dbOfCall, context.signal);
}

/** CallerOfCall is a Caller whose entity manager is forked when a use case first reads it (forkOnFirstUse). */
class CallerOfCall implements Caller {
  constructor(
    readonly principal: Principal,
    private readonly dbOfCall: () => Db,
    readonly signal: AbortSignal,
  ) {}

  get db(): Db {
    return this.dbOfCall();
  }
}
