import type { Interceptor } from "@connectrpc/connect";
import { dbKey, principalKey } from "../context.js";
import { InstanceRepository } from "../db/instance-repository.js";
import { UnauthenticatedError } from "../domain/errors.js";
import { isWellFormedSecret, SECRET_PREFIX } from "../domain/secrets.js";

/** Services that answer without a key: health checks, so load balancers need no secret. */
const PUBLIC_SERVICES = new Set(["grpc.health.v1.Health"]);

/**
 * authInterceptor requires `Authorization: Bearer sk_…` with a live instance
 * key and puts the caller in principalKey. A missing, malformed, revoked or
 * unknown key is Unauthenticated; the key itself is never echoed or logged.
 */
export const authInterceptor: Interceptor = (next) => async (req) => {
  if (PUBLIC_SERVICES.has(req.service.typeName)) return next(req);
  const header = req.header.get("authorization");
  if (header === null) throw new UnauthenticatedError("missing Authorization: Bearer sk_… header");
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  const secret = match?.[1];
  if (secret === undefined || !isWellFormedSecret(secret, SECRET_PREFIX.instance)) {
    throw new UnauthenticatedError("malformed credential: expected Authorization: Bearer sk_…");
  }
  const db = req.contextValues.get(dbKey);
  if (db === undefined) throw new Error("databaseInterceptor must run before authInterceptor");
  const found = await new InstanceRepository(db).findInstanceByKey(secret);
  if (found === undefined) throw new UnauthenticatedError("unknown or revoked instance secret key");
  req.contextValues.set(principalKey, { kind: "instance", ...found });
  return next(req);
};
