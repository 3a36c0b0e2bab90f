import type { Interceptor } from "@connectrpc/connect";
import { dbKey } from "../context.js";
import type { Database } from "../db/orm.js";

/** databaseInterceptor gives every call its own forked entity manager (see dbKey). */
export function databaseInterceptor(database: Database): Interceptor {
  return (next) => (req) => {
    req.contextValues.set(dbKey, database.fork());
    return next(req);
  };
}
