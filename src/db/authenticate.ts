import type { Principal } from "../domain/access.js";
import { UnauthenticatedError } from "../domain/errors.js";
import { isWellFormedSecret, SECRET_PREFIX } from "../domain/secrets.js";
import type { CredentialCache } from "./credential-cache.js";
import { InstanceRepository } from "./instance-repository.js";
import { MachineRepository } from "./machine-repository.js";
import type { DbSource } from "./orm.js";

/**
 * authenticateBearer turns an `Authorization` header value into the caller:
 * `Bearer sk_…` (a live instance key) or `Bearer ak_…` (a machine key, current
 * or inside its grace period). A missing, malformed, revoked or unknown key is
 * an UnauthenticatedError; the key is never echoed or logged. Every API surface
 * (the Connect interceptor, the REST endpoints) authenticates through here.
 */
export async function authenticateBearer(
  db: DbSource,
  credentials: CredentialCache,
  authorization: string | null | undefined,
): Promise<Principal> {
  if (authorization === null || authorization === undefined) {
    throw new UnauthenticatedError(
      "missing key: send `authorization: Bearer sk_…` (an instance key) or `authorization: Bearer ak_…` (a machine key)",
    );
  }
  const secret = /^Bearer ([^\s]+)$/i.exec(authorization.trim())?.[1] ?? "";
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
  throw new UnauthenticatedError(
    "malformed credential: send `authorization: Bearer sk_…` (an instance key) or `authorization: Bearer ak_…` (a machine key)",
  );
}
