import { NotFoundError, PermissionDeniedError } from "../domain/errors.js";
import { newTokenId } from "../domain/ids.js";
import { hashesEqual, hashSecret, newSecret, SECRET_PREFIX, type SecretBox } from "../domain/secrets.js";
import type { JsonObject, TokenPageToken } from "../domain/token-rules.js";
import { Machine, MachineScope, MachineToken } from "./entities.js";
import type { Db } from "./orm.js";

/** TokenView is a stored token as callers see it (never the token itself). */
export type TokenView = {
  id: string;
  subject: string;
  scopes: string[];
  claims: JsonObject | null;
  revoked: boolean;
  revocationReason: string | null;
  expired: boolean;
  expireTime: Date;
  lastUsedTime: Date | null;
  createTime: Date;
  updateTime: Date;
};

/** What CreateToken asks for, validated. */
export type TokenSpec = {
  lifetimeSeconds: number;
  claims: JsonObject | null;
  claimsDigest: string;
  minRemainingSeconds: number | undefined;
};

/** The stored columns a TokenView is made from. */
type TokenRow = {
  id: string;
  subjectMachineId: string;
  scopes: string[];
  claims?: JsonObject | null | undefined;
  revokeTime?: Date | null | undefined;
  revocationReason?: string | null | undefined;
  expireTime: Date;
  lastUsedTime?: Date | null | undefined;
  createTime: Date;
  updateTime: Date;
};

function view(row: TokenRow, now: Date): TokenView {
  return {
    id: row.id,
    subject: row.subjectMachineId,
    scopes: row.scopes,
    claims: row.claims ?? null,
    revoked: row.revokeTime != null,
    revocationReason: row.revocationReason ?? null,
    expired: row.expireTime.getTime() <= now.getTime(),
    expireTime: row.expireTime,
    lastUsedTime: row.lastUsedTime ?? null,
    createTime: row.createTime,
    updateTime: row.updateTime,
  };
}

/**
 * TokenRepository stores opaque machine tokens. Tokens are kept as a lookup
 * hash plus a sealed copy; every query is confined to the caller's instance.
 */
export class TokenRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  /** defaultLifetime returns the subject machine's default_token_ttl_seconds. */
  async defaultLifetime(instanceId: string, machineId: string): Promise<number> {
    const machine = await this.db.findOne(
      Machine,
      { instanceId, id: machineId },
      { fields: ["defaultTokenTtlSeconds"] },
    );
    if (machine === null) throw new NotFoundError("machine", machineId);
    return machine.defaultTokenTtlSeconds;
  }

  /**
   * create mints a token whose scopes are a snapshot of the machine's scoped
   * machines, or, with minRemainingSeconds, returns a live token with the same
   * claims and scopes that has at least that long left.
   */
  async create(
    subject: { instanceId: string; machineId: string; keyId: string },
    spec: TokenSpec,
  ): Promise<{ token: TokenView; secret: string; reused: boolean }> {
    return this.db.transactional(async (db) => {
      const now = new Date();
      const scopeRows = await db.find(
        MachineScope,
        { fromMachineId: subject.machineId },
        { fields: ["toMachineId"], orderBy: { toMachineId: "asc" } },
      );
      const scopes = scopeRows.map((row) => row.toMachineId);
      if (spec.minRemainingSeconds !== undefined) {
        const reusable = await db.findOne(
          MachineToken,
          {
            instanceId: subject.instanceId,
            subjectMachineId: subject.machineId,
            claimsDigest: spec.claimsDigest,
            revokeTime: null,
            expireTime: { $gte: new Date(now.getTime() + spec.minRemainingSeconds * 1000) },
          },
          { orderBy: { expireTime: "desc" } },
        );
        if (reusable !== null && JSON.stringify(reusable.scopes) === JSON.stringify(scopes)) {
          return {
            token: view(reusable, now),
            secret: this.secrets.open(reusable.sealedToken, reusable.id),
            reused: true,
          };
        }
      }
      const id = newTokenId();
      const secret = newSecret(SECRET_PREFIX.token);
      const row = {
        id,
        instanceId: subject.instanceId,
        subjectMachineId: subject.machineId,
        mintedWithKeyId: subject.keyId,
        tokenHash: hashSecret(secret),
        sealedToken: this.secrets.seal(secret, id),
        scopes,
        claims: spec.claims,
        claimsDigest: spec.claimsDigest,
        expireTime: new Date(now.getTime() + spec.lifetimeSeconds * 1000),
        revokeTime: null,
        revocationReason: null,
        lastUsedTime: null,
        createTime: now,
        updateTime: now,
      };
      await db.insert(MachineToken, row);
      return { token: view(row, now), secret, reused: false };
    });
  }

  /**
   * verify checks a token for `receiverId` and records its use. Failures say
   * which check failed; the order (unknown, revoked, expired, receiver) means
   * a revoked token is reported revoked even after it expires.
   */
  async verify(instanceId: string, secret: string, receiverId: string): Promise<TokenView> {
    const now = new Date();
    const tokenHash = hashSecret(secret);
    const row = await this.db.findOne(MachineToken, { instanceId, tokenHash });
    if (row === null || !hashesEqual(row.tokenHash, tokenHash)) {
      throw new NotFoundError("token", "presented");
    }
    if (row.revokeTime != null) throw new PermissionDeniedError(`token ${row.id} was revoked`, "TOKEN_REVOKED");
    if (row.expireTime.getTime() <= now.getTime()) {
      throw new PermissionDeniedError(`token ${row.id} expired`, "TOKEN_EXPIRED");
    }
    if (!row.scopes.includes(receiverId)) {
      throw new PermissionDeniedError(`token ${row.id} is not for machine ${receiverId}`, "TOKEN_NOT_FOR_RECEIVER");
    }
    await this.db.nativeUpdate(MachineToken, { id: row.id }, { lastUsedTime: now });
    return view({ ...row, lastUsedTime: now }, now);
  }

  /** list pages through a machine's tokens, newest first. */
  async list(
    instanceId: string,
    subjectId: string,
    filter: { includeRevoked: boolean; includeExpired: boolean; pageSize: number; after: TokenPageToken | undefined },
  ): Promise<{ tokens: TokenView[]; next: TokenPageToken | undefined; totalCount: number }> {
    const now = new Date();
    if ((await this.db.count(Machine, { instanceId, id: subjectId })) === 0)
      throw new NotFoundError("machine", subjectId);
    const where = {
      instanceId,
      subjectMachineId: subjectId,
      ...(filter.includeRevoked ? {} : { revokeTime: null }),
      ...(filter.includeExpired ? {} : { expireTime: { $gt: now } }),
    };
    const totalCount = await this.db.count(MachineToken, where);
    const page = await this.db.find(
      MachineToken,
      filter.after
        ? {
            ...where,
            $or: [
              { createTime: { $lt: new Date(filter.after.createTime) } },
              { createTime: new Date(filter.after.createTime), id: { $lt: filter.after.id } },
            ],
          }
        : where,
      { orderBy: [{ createTime: "desc" }, { id: "desc" }], limit: filter.pageSize + 1 },
    );
    const tokens = page.slice(0, filter.pageSize).map((row) => view(row, now));
    const last = tokens[tokens.length - 1];
    const next =
      page.length > filter.pageSize && last ? { createTime: last.createTime.toISOString(), id: last.id } : undefined;
    return { tokens, next, totalCount };
  }

  /**
   * revoke marks a token revoked (idempotent: the first reason stays). With
   * `onlySubject`, a token of another machine is NotFound.
   */
  async revoke(instanceId: string, id: string, reason: string | null, onlySubject?: string): Promise<TokenView> {
    const now = new Date();
    const where = { instanceId, id, ...(onlySubject === undefined ? {} : { subjectMachineId: onlySubject }) };
    await this.db.nativeUpdate(
      MachineToken,
      { ...where, revokeTime: null },
      { revokeTime: now, revocationReason: reason, updateTime: now },
    );
    const row = await this.db.findOne(MachineToken, where);
    if (row === null) throw new NotFoundError("token", id);
    return view(row, now);
  }
}
