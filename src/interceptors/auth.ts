import type { HandlerContext } from "@connectrpc/connect";
import { dbKey, peerAddressKey, principalKey } from "../context.js";
import { authenticateBearer } from "../db/authenticate.js";
import type { CredentialCache } from "../db/credential-cache.js";
import { type Database, forkOnFirstUse } from "../db/orm.js";
import type { AuthThrottle } from "../domain/auth-throttle.js";
import { UnauthenticatedError } from "../domain/errors.js";
import { toConnectError } from "./errors.js";

/** RequestGate is connect-es's `requestGate`: it runs once a call's headers are in, before its body is read. */
export type RequestGate = (context: HandlerContext) => Promise<void>;

/**
 * authGate requires `Authorization: Bearer` with a live instance key
 * (`sk_…`) or machine key (`ak_…`) and puts the caller in principalKey (see
 * authenticateBearer), and the call's entity manager in dbKey (the one it
 * looked the key up with); which principal may call what is up to each service.
 * Services named in `publicServices` (see publicServiceNames) answer without a key.
 * It runs as connect-es's request gate, so a call without a good key is
 * refused before its body is received, decompressed or parsed: a keyless
 * client cannot make the server decode megabytes. Every check goes through
 * `throttle` (by the client's address): an address that spent its failure
 * budget is refused at once with ResourceExhausted and `Retry-After`.
 *
 * A refusal never reaches the interceptors, so the gate maps the error
 * through toConnectError as they do (the front logs it, as every call, but
 * for a refusal the throttle summarizes: its cause says so).
 */
export function authGate(
  database: Database,
  credentials: CredentialCache,
  throttle: AuthThrottle,
  publicServices: ReadonlySet<string>,
): RequestGate {
  return async (context) => {
    if (publicServices.has(context.service.typeName)) return;
    try {
      const principal = await throttle.check(
        context.values.get(peerAddressKey),
        context.signal,
        () => {
          // Forked only if a lookup misses the caches: a refusal by the throttle, or a cached key, costs no entity manager.
          const db = forkOnFirstUse(database);
          context.values.set(dbKey, db);
          return authenticateBearer(db, credentials, context.requestHeader.get("authorization"));
        },
        (error) => error instanceof UnauthenticatedError,
      );
      context.values.set(principalKey, principal);
    } catch (error) {
      throw toConnectError(error);
    }
  };
}
