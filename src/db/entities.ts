import { defineEntity, p } from "@mikro-orm/core";

/**
 * The tables of latchkey. Foreign keys are plain id columns: the schema (see
 * migrations/) enforces them with ON DELETE CASCADE, and the repositories load
 * related rows with explicit queries rather than lazy relations.
 */

/** Instance: a tenant. Everything else belongs to exactly one instance. */
export const Instance = defineEntity({
  name: "Instance",
  tableName: "instance",
  properties: {
    id: p.string().primary(),
    name: p.string(),
    createTime: p.datetime(),
  },
});

/** InstanceKey: an instance secret key (`sk_…`), stored only as its lookup hash. */
export const InstanceKey = defineEntity({
  name: "InstanceKey",
  tableName: "instance_key",
  properties: {
    id: p.string().primary(),
    instanceId: p.string(),
    keyHash: p.string(),
    createTime: p.datetime(),
    revokeTime: p.datetime().nullable(),
  },
});

/** Machine: a non-human caller owned by an instance. */
export const Machine = defineEntity({
  name: "Machine",
  tableName: "machine",
  properties: {
    id: p.string().primary(),
    instanceId: p.string(),
    name: p.string(),
    defaultTokenTtlSeconds: p.integer(),
    createTime: p.datetime(),
    updateTime: p.datetime(),
  },
});

/**
 * MachineSecretKey: a machine's secret key (`ak_…`), encrypted at rest and
 * found by its lookup hash. A machine has one `current` key and at most one
 * `previous` key, which stops working at `expireTime`.
 */
export const MachineSecretKey = defineEntity({
  name: "MachineSecretKey",
  tableName: "machine_secret_key",
  properties: {
    id: p.string().primary(),
    machineId: p.string(),
    keyHash: p.string(),
    sealedKey: p.text(),
    status: p.enum(["current", "previous"] as const),
    expireTime: p.datetime().nullable(),
    createTime: p.datetime(),
  },
});

/** MachineScope: "fromMachineId may call toMachineId". */
export const MachineScope = defineEntity({
  name: "MachineScope",
  tableName: "machine_scope",
  properties: {
    fromMachineId: p.string().primary(),
    toMachineId: p.string().primary(),
    instanceId: p.string(),
    createTime: p.datetime(),
  },
});

/**
 * MachineToken: an opaque machine-to-machine token, found by its lookup hash.
 * The token itself is also kept sealed, so CreateToken can hand an existing
 * token out again (min_remaining_ttl_seconds).
 */
export const MachineToken = defineEntity({
  name: "MachineToken",
  tableName: "machine_token",
  properties: {
    id: p.string().primary(),
    instanceId: p.string(),
    subjectMachineId: p.string(),
    mintedWithKeyId: p.string(),
    tokenHash: p.string(),
    sealedToken: p.text(),
    scopes: p.json<string[]>(),
    claims: p.json<Record<string, unknown>>().nullable(),
    claimsDigest: p.string(),
    expireTime: p.datetime(),
    revokeTime: p.datetime().nullable(),
    revocationReason: p.text().nullable(),
    lastUsedTime: p.datetime().nullable(),
    createTime: p.datetime(),
    updateTime: p.datetime(),
  },
});

/**
 * SigningKey: an instance's ES256 key pair for JWT machine tokens. One is
 * `current`; retired keys stay published in the JWKS until the last token
 * they signed has expired (`lastTokenExpireTime`).
 */
export const SigningKey = defineEntity({
  name: "SigningKey",
  tableName: "signing_key",
  properties: {
    id: p.string().primary(),
    instanceId: p.string(),
    algorithm: p.string(),
    sealedPrivateKey: p.text(),
    publicJwk: p.json<Record<string, unknown>>(),
    status: p.enum(["current", "retired"] as const),
    lastTokenExpireTime: p.datetime().nullable(),
    createTime: p.datetime(),
    retireTime: p.datetime().nullable(),
  },
});

/** ENTITIES lists every entity for the ORM configuration. */
export const ENTITIES = [Instance, InstanceKey, Machine, MachineSecretKey, MachineScope, MachineToken, SigningKey];
