import type { HandlerContext } from "@connectrpc/connect";
import { dbKey, type Principal, principalKey } from "../context.js";
import type { Db } from "../db/orm.js";
import { requireInstanceKey } from "../domain/access.js";

/**
 * callScope returns what every handler needs: the authenticated caller and the
 * call's entity manager, put there by the request gate and an interceptor.
 */
export function callScope(context: HandlerContext): { principal: Principal; db: Db } {
  const principal = context.values.get(principalKey);
  const db = context.values.get(dbKey);
  if (principal === undefined || db === undefined) {
    throw new Error("authGate and databaseInterceptor must run before handlers");
  }
  return { principal, db };
}

/** instanceScope is callScope for management calls, which need an instance key (`sk_…`). */
export function instanceScope(context: HandlerContext): { instanceId: string; db: Db } {
  const { principal, db } = callScope(context);
  return { instanceId: requireInstanceKey(principal), db };
}
