import type { MachinePrincipal } from "../domain/access.js";
import { InvalidArgumentError, NotFoundError, PermissionDeniedError } from "../domain/errors.js";
import { newTokenId } from "../domain/ids.js";
import { parseMachineJwt, publicKeyObject, signJwt, verifyJwtSignature } from "../domain/jwt.js";
import { hashesEqual, hashSecret, newSecret, SECRET_PREFIX, type SecretBox } from "../domain/secrets.js";
import type { JsonObject, TokenPageToken } from "../domain/token-rules.js";
import * as rules from "../domain/token-rules.js";
import type { CredentialCache } from "./credential-cache.js";
import { Machine, MachineScope, MachineToken } from "./entities.js";
import type { Db } from "./orm.js";
import { SigningKeyRepository } from "./signing-key-repository.js";

/** TokenView is a stored token as callers see it (never the token itself). */
export type TokenView = {
  id: string;
  format: "opaque" | "jwt";
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

/** What a caller asks for when it creates a token, before validation. */
export type TokenRequest = {
  format: "opaque" | "jwt";
  claims: JsonObject | undefined;
  /** Unset: the machine's default token lifetime. */
  secondsUntilExpiration: bigint | undefined;
  /** Opaque only: return a live token with at least this long left instead of minting. */
  minRemainingTtlSeconds: bigint | undefined;
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
    format: "opaque",
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

/** scopeSnapshot lists the machines `machineId` may call now, by id: a token's scopes. */
async function scopeSnapshot(db: Db, machineId: string): Promise<string[]> {
  const rows = await db.find(
    MachineScope,
    { fromMachineId: machineId },
    { fields: ["toMachineId"], orderBy: { toMachineId: "asc" } },
  );
  return rows.map((row) => row.toMachineId);
}

/** jwtView describes a JWT: never revoked, never tracked. */
function jwtView(token: {
  id: string;
  subject: string;
  scopes: string[];
  claims: JsonObject | null;
  createTime: Date;
  expireTime: Date;
}): TokenView {
  return {
    ...token,
    format: "jwt",
    revoked: false,
    revocationReason: null,
    expired: token.expireTime.getTime() <= Date.now(),
    lastUsedTime: null,
    updateTime: token.createTime,
  };
}

/**
 * TokenRepository issues and checks machine tokens. Opaque tokens are kept as
 * a lookup hash plus a sealed copy; JWTs are signed and not stored. Every
 * query is confined to the caller's instance.
 */
export class TokenRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly credentials: CredentialCache,
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
   * issue validates a token request and makes the token for the machine that
   * asks with its own key: a JWT signed for `issuer`, or an opaque token
   * (possibly one reused under min_remaining_ttl_seconds).
   */
  async issue(
    subject: MachinePrincipal,
    request: TokenRequest,
    issuer: string,
  ): Promise<{ token: TokenView; secret: string; reused: boolean }> {
    const { claims, digest } = rules.customClaims(request.claims);
    const lifetime =
      request.secondsUntilExpiration === undefined
        ? await this.defaultLifetime(subject.instanceId, subject.machineId)
        : rules.tokenLifetimeSeconds(request.secondsUntilExpiration);
    if (request.format === "jwt") {
      if (request.minRemainingTtlSeconds !== undefined) {
        throw new InvalidArgumentError("min_remaining_ttl_seconds", "applies to opaque tokens only");
      }
      const jwt = await this.createJwt(subject, { issuer, lifetimeSeconds: lifetime, claims });
      return { ...jwt, reused: false };
    }
    return this.create(subject, {
      lifetimeSeconds: lifetime,
      claims,
      claimsDigest: digest,
      minRemainingSeconds: rules.minRemainingSeconds(request.minRemainingTtlSeconds, lifetime),
    });
  }

  /**
   * verifyPresented checks a presented token of either format for
   * `receiverId`: opaque tokens (`mt_…`) with verify, anything else as a JWT.
   */
  async verifyPresented(instanceId: string, presented: string, receiverId: string): Promise<TokenView> {
    if (presented === "") throw new InvalidArgumentError("token", "is required");
    return presented.startsWith(`${SECRET_PREFIX.token}_`)
      ? this.verify(instanceId, presented, receiverId)
      : this.verifyJwt(instanceId, presented, receiverId);
  }

  /**
   * create mints a token whose scopes are a snapshot of the machine's scoped
   * machines, or, with minRemainingSeconds, returns a live token with the same
   * claims and scopes that has at least that long left. Such requests lock the
   * machine's row, so concurrent ones get the same token.
   */
  async create(
    subject: { instanceId: string; machineId: string; keyId: string },
    spec: TokenSpec,
  ): Promise<{ token: TokenView; secret: string; reused: boolean }> {
    return this.db.transactional(async (db) => {
      const now = new Date();
      const scopes = await scopeSnapshot(db, subject.machineId);
      if (spec.minRemainingSeconds !== undefined) {
        // Serialise reuse per machine: concurrent requests share one token instead of each minting one.
        await db.execute("select id from machine where id = ? for update", [subject.machineId]);
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
   * verify checks a token for `receiverId` and records its use. The token is
   * found through the credential cache: no database round trip on a hit, one
   * on a miss. Failures say which check failed; the order (unknown, revoked,
   * expired, receiver) means a revoked token is reported revoked even after
   * it expires.
   */
  async verify(instanceId: string, secret: string, receiverId: string): Promise<TokenView> {
    const now = new Date();
    const tokenHash = hashSecret(secret);
    const row = await this.credentials.token(tokenHash, async () => {
      const found = await this.db.findOne(MachineToken, { tokenHash });
      return found === null
        ? undefined
        : {
            id: found.id,
            instanceId: found.instanceId,
            tokenHash: found.tokenHash,
            subjectMachineId: found.subjectMachineId,
            scopes: found.scopes,
            claims: found.claims ?? null,
            revokeTime: found.revokeTime ?? null,
            revocationReason: found.revocationReason ?? null,
            expireTime: found.expireTime,
            createTime: found.createTime,
            updateTime: found.updateTime,
          };
    });
    if (row === undefined || row.instanceId !== instanceId || !hashesEqual(row.tokenHash, tokenHash)) {
      throw new NotFoundError("token", "presented");
    }
    if (row.revokeTime != null) throw new PermissionDeniedError(`token ${row.id} was revoked`, "TOKEN_REVOKED");
    if (row.expireTime.getTime() <= now.getTime()) {
      throw new PermissionDeniedError(`token ${row.id} expired`, "TOKEN_EXPIRED");
    }
    if (!row.scopes.includes(receiverId)) {
      throw new PermissionDeniedError(`token ${row.id} is not for machine ${receiverId}`, "TOKEN_NOT_FOR_RECEIVER");
    }
    this.credentials.noteTokenUse(row.id, now);
    return view({ ...row, lastUsedTime: now }, now);
  }

  /**
   * createJwt signs a JWT with the instance's current signing key. JWTs are
   * not stored; the signing key stays published until this one expires.
   * `audience` narrows the scopes to a subset of the machine's scopes.
   */
  async createJwt(
    subject: { instanceId: string; machineId: string },
    spec: { issuer: string; lifetimeSeconds: number; claims: JsonObject | null; audience?: string[] },
  ): Promise<{ token: TokenView; secret: string }> {
    const signingKeys = new SigningKeyRepository(this.db, this.secrets);
    const snapshot = await scopeSnapshot(this.db, subject.machineId);
    const outside = spec.audience?.find((id) => !snapshot.includes(id));
    if (outside !== undefined) {
      throw new PermissionDeniedError(`machine ${subject.machineId} may not call ${outside}`, "SCOPE_NOT_GRANTED");
    }
    const scopes = spec.audience === undefined ? snapshot : snapshot.filter((id) => spec.audience?.includes(id));
    const key = await signingKeys.current(subject.instanceId);
    const issuedAt = Math.floor(Date.now() / 1000);
    const expireTime = new Date((issuedAt + spec.lifetimeSeconds) * 1000);
    const id = newTokenId();
    await signingKeys.noteTokenExpiry(key.kid, expireTime);
    const secret = signJwt(key.kid, key.privateKeyPem, {
      ...spec.claims,
      iss: spec.issuer,
      sub: subject.machineId,
      aud: scopes,
      scopes: scopes.join(" "),
      jti: id,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + spec.lifetimeSeconds,
    });
    const createTime = new Date(issuedAt * 1000);
    return {
      token: jwtView({ id, subject: subject.machineId, scopes, claims: spec.claims, createTime, expireTime }),
      secret,
    };
  }

  /**
   * verifyJwt checks a JWT machine token: our type and algorithm, a published
   * key of this instance, the signature, the time window, the receiver in
   * `aud`, and that the subject machine still exists.
   */
  async verifyJwt(instanceId: string, token: string, receiverId: string): Promise<TokenView> {
    const jwt = parseMachineJwt(token);
    const signingKeys = new SigningKeyRepository(this.db, this.secrets);
    const signer =
      jwt &&
      (await this.credentials.signingKey(jwt.kid, async () => {
        const found = await signingKeys.publicKey(jwt.kid);
        return found && { instanceId: found.instanceId, key: publicKeyObject(found.jwk) };
      }));
    if (jwt === undefined || signer?.instanceId !== instanceId || !verifyJwtSignature(jwt, signer.key)) {
      throw new NotFoundError("token", "presented");
    }
    const { sub, aud, jti, iat, nbf, exp, ...rest } = jwt.claims;
    if (typeof sub !== "string" || typeof jti !== "string" || typeof iat !== "number" || typeof exp !== "number") {
      throw new NotFoundError("token", "presented");
    }
    const scopes = Array.isArray(aud) ? aud.filter((x): x is string => typeof x === "string") : [];
    const nowSeconds = Date.now() / 1000;
    if (typeof nbf === "number" && nbf > nowSeconds) {
      throw new PermissionDeniedError(`token ${jti} is not valid yet`, "TOKEN_NOT_YET_VALID");
    }
    if (exp <= nowSeconds) throw new PermissionDeniedError(`token ${jti} expired`, "TOKEN_EXPIRED");
    if (!scopes.includes(receiverId)) {
      throw new PermissionDeniedError(`token ${jti} is not for machine ${receiverId}`, "TOKEN_NOT_FOR_RECEIVER");
    }
    const subject = await this.credentials.machine(sub, async () => {
      const found = await this.db.findOne(Machine, { id: sub }, { fields: ["instanceId"] });
      return found === null ? undefined : { instanceId: found.instanceId };
    });
    if (subject?.instanceId !== instanceId) throw new NotFoundError("token", "presented");
    const { iss: _iss, scopes: _scopes, ...custom } = rest;
    return jwtView({
      id: jti,
      subject: sub,
      scopes,
      claims: Object.keys(custom).length > 0 ? custom : null,
      createTime: new Date(iat * 1000),
      expireTime: new Date(exp * 1000),
    });
  }

  /**
   * list pages through a machine's tokens, newest first: after a page token
   * (`after`) or skipping `offset` tokens (default 0).
   */
  async list(
    instanceId: string,
    subjectId: string,
    filter: {
      includeRevoked: boolean;
      includeExpired: boolean;
      pageSize: number;
      after: TokenPageToken | undefined;
      offset?: number;
    },
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
      {
        orderBy: [{ createTime: "desc" }, { id: "desc" }],
        limit: filter.pageSize + 1,
        offset: filter.offset ?? 0,
      },
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
    const row = await this.db.transactional(async (db) => {
      const revoked = await db.nativeUpdate(
        MachineToken,
        { ...where, revokeTime: null },
        { revokeTime: now, revocationReason: reason, updateTime: now },
      );
      if (revoked > 0) await this.credentials.publish(db, `token:${id}`);
      return db.findOne(MachineToken, where);
    });
    this.credentials.drop(`token:${id}`);
    if (row === null) throw new NotFoundError("token", id);
    return view(row, now);
  }
}
