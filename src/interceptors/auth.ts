import type { Interceptor } from "@connectrpc/connect";
import { dbKey, principalKey } from "../context.js";
import { authenticateBearer } from "../db/authenticate.js";
import type { CredentialCache } from "../db/credential-cache.js";

/** Services that answer without a key: health checks, so load balancers need no secret. */
const PUBLIC_SERVICES = new Set(["grpc.health.v1.Health"]);

/**
 * authInterceptor requires `Authorization: Bearer` with a live instance key
 * (`sk_…`) or machine key (`ak_…`) and puts the caller in principalKey (see
 * authenticateBearer). Which principal may call what is up to each service.
 */
export function authInterceptor(credentials: CredentialCache): Interceptor {
  return (next) => async (req) => {
    if (PUBLIC_SERVICES.has(req.service.typeName)) return next(req);
    const db = req.contextValues.get(dbKey);
    if (db === undefined) throw new Error("databaseInterceptor must run before authInterceptor");
    req.contextValues.set(principalKey, await authenticateBearer(db, credentials, req.header.get("authorization")));
    return next(req);
  };
}
