import type { Interceptor } from "@connectrpc/connect";
import { dbKey, peerAddressKey, principalKey } from "../context.js";
import { authenticateBearer } from "../db/authenticate.js";
import type { CredentialCache } from "../db/credential-cache.js";
import type { AuthThrottle } from "../domain/auth-throttle.js";
import { UnauthenticatedError } from "../domain/errors.js";

/**
 * authInterceptor requires `Authorization: Bearer` with a live instance key
 * (`sk_…`) or machine key (`ak_…`) and puts the caller in principalKey (see
 * authenticateBearer). Which principal may call what is up to each service.
 * Services named in `publicServices` (see publicServiceNames) answer without a key.
 * A failure from a network client is counted by `throttle`, and once that
 * client has failed too often it waits before getting its Unauthenticated answer.
 */
export function authInterceptor(
  credentials: CredentialCache,
  throttle: AuthThrottle,
  publicServices: ReadonlySet<string>,
): Interceptor {
  return (next) => async (req) => {
    if (publicServices.has(req.service.typeName)) return next(req);
    const db = req.contextValues.get(dbKey);
    if (db === undefined) throw new Error("databaseInterceptor must run before authInterceptor");
    try {
      req.contextValues.set(principalKey, await authenticateBearer(db, credentials, req.header.get("authorization")));
    } catch (error) {
      if (error instanceof UnauthenticatedError)
        await throttle.penalize(req.contextValues.get(peerAddressKey), req.signal);
      throw error;
    }
    return next(req);
  };
}
