import type { HandlerContext } from "@connectrpc/connect";
import { dbKey, principalKey } from "../context.js";
import type { Db } from "../db/orm.js";

/**
 * callScope returns what every management handler needs: the caller's
 * instance and the call's entity manager, both put there by interceptors.
 */
export function callScope(context: HandlerContext): { instanceId: string; db: Db } {
  const principal = context.values.get(principalKey);
  const db = context.values.get(dbKey);
  if (principal === undefined || db === undefined) {
    throw new Error("authInterceptor and databaseInterceptor must run before handlers");
  }
  return { instanceId: principal.instanceId, db };
}
