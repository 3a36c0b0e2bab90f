import type { Interceptor } from "@connectrpc/connect";
import { dbKey } from "../context.js";
import { runWithCallSignal } from "../db/call-signal.js";
import { type Database, forkOnFirstUse } from "../db/orm.js";

/**
 * databaseInterceptor gives every call its own forked entity manager (see
 * dbKey; authGate has made it already for authenticated calls), and its
 * signal to the transactions it starts (AbandonedCallGuard).
 */
export function databaseInterceptor(database: Database): Interceptor {
  return (next) => (req) => {
    if (req.contextValues.get(dbKey) === undefined) req.contextValues.set(dbKey, forkOnFirstUse(database));
    return runWithCallSignal(req.signal, () => next(req));
  };
}
