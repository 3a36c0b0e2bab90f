import { setTimeout as sleep } from "node:timers/promises";
import type { Interceptor } from "@connectrpc/connect";
import { dbKey, type Principal, peerAddressKey, principalKey } from "../context.js";
import type { CredentialCache } from "../db/credential-cache.js";
import { InstanceRepository } from "../db/instance-repository.js";
import { MachineRepository } from "../db/machine-repository.js";
import type { Db } from "../db/orm.js";
import type { AuthThrottle } from "../domain/auth-throttle.js";
import { UnauthenticatedError } from "../domain/errors.js";
import { isWellFormedSecret, SECRET_PREFIX } from "../domain/secrets.js";

/** Services that answer without a key: health checks, so load balancers need no secret. */
const PUBLIC_SERVICES = new Set(["grpc.health.v1.Health"]);

/**
 * authInterceptor requires `Authorization: Bearer` with a live instance key
 * (`sk_…`) or machine key (`ak_…`) and puts the caller in principalKey. Which
 * principal may call what is up to each service. A missing, malformed,
 * revoked or unknown key is Unauthenticated; the key is never echoed or logged.
 */
async function principalOf(db: Db, credentials: CredentialCache, secret: string): Promise<Principal> {
  if (isWellFormedSecret(secret, SECRET_PREFIX.instance)) {
    const found = await new InstanceRepository(db, credentials).findInstanceByKey(secret);
    if (found === undefined) throw new UnauthenticatedError("unknown or revoked instance secret key");
    return { kind: "instance", ...found };
  }
  if (isWellFormedSecret(secret, SECRET_PREFIX.machine)) {
    const found = await MachineRepository.findMachineByKey(db, credentials, secret);
    if (found === undefined) throw new UnauthenticatedError("unknown or expired machine secret key");
    return { kind: "machine", ...found };
  }
  throw new UnauthenticatedError("malformed credential: expected Authorization: Bearer sk_… or ak_…");
}

/**
 * authInterceptor authenticates every call but health checks. A failure from
 * a network client is counted by `throttle`, and once that client has failed
 * too often it waits before getting its Unauthenticated answer.
 */
export function authInterceptor(credentials: CredentialCache, throttle: AuthThrottle): Interceptor {
  return (next) => async (req) => {
    if (PUBLIC_SERVICES.has(req.service.typeName)) return next(req);
    const db = req.contextValues.get(dbKey);
    if (db === undefined) throw new Error("databaseInterceptor must run before authInterceptor");
    let principal: Principal;
    try {
      const header = req.header.get("authorization");
      if (header === null) throw new UnauthenticatedError("missing Authorization: Bearer header");
      const secret = /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1] ?? "";
      principal = await principalOf(db, credentials, secret);
    } catch (error) {
      const address = req.contextValues.get(peerAddressKey);
      if (error instanceof UnauthenticatedError && address !== undefined) {
        const wait = throttle.noteFailure(address);
        if (wait > 0) await sleep(wait, undefined, { signal: req.signal }).catch(() => undefined);
      }
      throw error;
    }
    req.contextValues.set(principalKey, principal);
    return next(req);
  };
}
