import type { Interceptor } from "@connectrpc/connect";
import { dbKey, type Principal, principalKey } from "../context.js";
import type { CredentialCache } from "../db/credential-cache.js";
import { InstanceRepository } from "../db/instance-repository.js";
import { MachineRepository } from "../db/machine-repository.js";
import type { Db } from "../db/orm.js";
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

export function authInterceptor(credentials: CredentialCache): Interceptor {
  return (next) => async (req) => {
    if (PUBLIC_SERVICES.has(req.service.typeName)) return next(req);
    const header = req.header.get("authorization");
    if (header === null) throw new UnauthenticatedError("missing Authorization: Bearer header");
    const secret = /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1] ?? "";
    const db = req.contextValues.get(dbKey);
    if (db === undefined) throw new Error("databaseInterceptor must run before authInterceptor");
    req.contextValues.set(principalKey, await principalOf(db, credentials, secret));
    return next(req);
  };
}
