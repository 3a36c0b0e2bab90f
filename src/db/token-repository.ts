import type { MachinePrincipal } from "../domain/access.js";
import { InvalidArgumentError, NotFoundError, PermissionDeniedError, UnauthenticatedError } from "../domain/errors.js";
import { newTokenId } from "../domain/ids.js";
import { parseMachineJwt, publicKeyObject, signJwt, verifyJwtSignature } from "../domain/jwt.js";
import { hashesEqual, hashSecret, newSecret, SECRET_PREFIX, type SecretBox } from "../domain/secrets.js";
import { customClaimsOf, jwtPayload, MINTING_KEY_CLAIM } from "../domain/token-claims.js";
import type { JsonObject, TokenPageToken } from "../domain/token-rules.js";
import * as rules from "../domain/token-rules.js";
import type { CachedMachine, CredentialCache } from "./credential-cache.js";
import { Machine, MachineToken } from "./entities.js";
import { type Db, type DbSource, dbOf } from "./orm.js";
import { SigningKeyRepository } from "./signing-key-repository.js";

/** TokenView is a stored token as callers see it (never the token itself). */
export type TokenView = {
  id: string;
  format: "opaque" | "jwt";
  subject: string;
  /** The machines the token is for, by id: a receiver must be one of them. */
  audience: string[];
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
  /** Unset: the machine's default token lifetime, read with the minting key (lockMintingKey). */
  lifetimeSeconds: number | undefined;
  claims: JsonObject | null;
  claimsDigest: string;
  /** min_remaining_ttl_seconds as asked, checked against the lifetime once it is known. */
  minRemainingTtlSeconds: bigint | undefined;
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

/** The stored columns a TokenView is made from (`scopes` is MachineToken's column for the audience). */
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
    audience: row.scopes,
    claims: customClaimsOf(row.claims ?? null),
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
 * lockMintingKey holds the machine secret key a token is minted with until the
 * mint's transaction ends (FOR SHARE; a rotation locks the keys FOR UPDATE
 * before it cuts their tokens), and returns when the token must expire at the
 * latest (`keyEnd`: the end of the key's grace period, or null for a current
 * key), the token's audience: the machines `machineId` may call now, by id,
 * and the machine's default token lifetime. A key that a rotation ended
 * before this mint is Unauthenticated, so no token escapes a rotation that
 * committed first, and none minted first escapes its cut. One round trip for
 * all three (a mint's round trips are most of its cost, `npm run bench`); the
 * audience is plain ids, not entities, and the machine row is read, not locked.
 */
async function lockMintingKey(
  db: Db,
  keyId: string,
  machineId: string,
  now: Date,
): Promise<{ keyEnd: Date | null; audience: string[]; defaultLifetimeSeconds: number }> {
  const rows = await db.execute<{ expire_time: Date | string | null; audience: string; default_ttl: number | null }[]>(
    `select k.expire_time,
       (select coalesce(json_agg(s.to_machine_id order by s.to_machine_id), '[]')::text
        from machine_scope s where s.from_machine_id = ?) as audience,
       (select m.default_token_ttl_seconds from machine m where m.id = k.machine_id) as default_ttl
     from machine_secret_key k where k.id = ? for share of k`,
    [machineId, keyId],
  );
  const key = rows[0];
  const keyEnd = key?.expire_time == null ? null : new Date(key.expire_time);
  if (key === undefined || (keyEnd !== null && keyEnd.getTime() <= now.getTime())) {
    throw new UnauthenticatedError("the machine secret key was rotated and no longer works");
  }
  if (key.default_ttl === null) throw new NotFoundError("machine", machineId);
  return { keyEnd, audience: JSON.parse(key.audience) as string[], defaultLifetimeSeconds: Number(key.default_ttl) };
}

/**
 * MINT_OPAQUE inserts a new opaque token while holding its minting key FOR
 * SHARE, exactly as lockMintingKey and an INSERT in one transaction would: no
 * row (so Unauthenticated) when a rotation ended the key first; the audience
 * is the machines the subject may call now, by id; the expiry is the asked-for
 * or the machine's default lifetime, never after the key's grace period ends.
 * The statement's lock lasts until it commits, so a rotation that locks the
 * key next also cuts this token.
 */
const MINT_OPAQUE = `insert into machine_token (id, instance_id, subject_machine_id, minted_with_key_id, token_hash,
    sealed_token, scopes, claims, claims_digest, expire_time, create_time, update_time)
  select ?, ?, ?, k.id, ?, ?,
    (select coalesce(jsonb_agg(s.to_machine_id order by s.to_machine_id), '[]'::jsonb)
       from machine_scope s where s.from_machine_id = k.machine_id),
    ?::jsonb, ?,
    least(?::timestamptz + make_interval(secs => coalesce(?::int, m.default_token_ttl_seconds)), k.expire_time),
    ?, ?
  from machine_secret_key k join machine m on m.id = k.machine_id
  where k.id = ? and k.machine_id = ? and (k.expire_time is null or k.expire_time > ?)
  for share of k
  returning scopes::text as audience, expire_time`;

/** tokenExpiry is when a token minted now with a key that works until `keyEnd` expires: never after the key. */
function tokenExpiry(now: Date, lifetimeSeconds: number, keyEnd: Date | null): Date {
  const requested = now.getTime() + lifetimeSeconds * 1000;
  return new Date(keyEnd === null ? requested : Math.min(requested, keyEnd.getTime()));
}

/**
 * mintingKeyEnd tells when a JWT stops passing online checks because of the
 * key that minted it: that key's grace end, never (a current key), or
 * `ended` when it no longer works.
 */
function mintingKeyEnd(machine: CachedMachine, claimedKeyId: unknown, issuedAt: number): Date | null | "ended" {
  const key =
    typeof claimedKeyId === "string"
      ? machine.keys.find((k) => k.id === claimedKeyId)
      : legacyMintingKey(machine.keys, issuedAt);
  return key === undefined ? "ended" : key.expireTime;
}

/**
 * legacyMintingKey guesses the key of a JWT minted before JWTs named it: the
 * newest key created before its `iat` second began. A key created within that
 * second (iat has whole seconds) may be newer than the token, so it never
 * counts: the guess can only end a token sooner, never keep it longer.
 */
function legacyMintingKey(keys: CachedMachine["keys"], issuedAt: number): CachedMachine["keys"][number] | undefined {
  return keys
    .filter((k) => k.createTime.getTime() <= issuedAt * 1000)
    .sort((a, b) => b.createTime.getTime() - a.createTime.getTime())[0];
}

/** loadMachine reads what an online JWT check needs of the subject machine: its instance and live keys. */
async function loadMachine(db: Db, machineId: string): Promise<CachedMachine | undefined> {
  const rows = await db.execute<
    {
      instance_id: string;
      key_id: string | null;
      expire_time: Date | string | null;
      create_time: Date | string | null;
    }[]
  >(
    `select m.instance_id, k.id as key_id, k.expire_time, k.create_time
     from machine m left join machine_secret_key k on k.machine_id = m.id where m.id = ?`,
    [machineId],
  );
  const first = rows[0];
  if (first === undefined) return undefined;
  return {
    instanceId: first.instance_id,
    keys: rows.flatMap((row) =>
      row.key_id === null || row.create_time === null
        ? []
        : [
            {
              id: row.key_id,
              createTime: new Date(row.create_time),
              expireTime: row.expire_time === null ? null : new Date(row.expire_time),
            },
          ],
    ),
  };
}

/** jwtView describes a JWT: never revoked, never tracked. */
function jwtView(token: {
  id: string;
  subject: string;
  audience: string[];
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
    private readonly source: DbSource,
    private readonly secrets: SecretBox,
    private readonly credentials: CredentialCache,
  ) {}

  /** db is the entity manager, forked on first use when the source is a call's (DbSource). */
  private get db(): Db {
    return dbOf(this.source);
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
        ? undefined
        : rules.tokenLifetimeSeconds(request.secondsUntilExpiration);
    if (request.format === "jwt") {
      if (request.minRemainingTtlSeconds !== undefined) {
        throw new InvalidArgumentError("min_remaining_ttl_seconds", "applies to opaque tokens only");
      }
      const jwt = await this.createJwt(subject, { issuer, lifetimeSeconds: lifetime, claims });
      return { ...jwt, reused: false };
    }
    // A threshold that cannot fit the asked-for lifetime fails before the database; against the default, after.
    if (lifetime !== undefined) rules.minRemainingSeconds(request.minRemainingTtlSeconds, lifetime);
    return this.create(subject, {
      lifetimeSeconds: lifetime,
      claims,
      claimsDigest: digest,
      minRemainingTtlSeconds: request.minRemainingTtlSeconds,
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
   * create mints a token whose audience is a snapshot of the machines the
   * machine may call, or, with minRemainingSeconds, returns a live token with the same
   * claims and audience that has at least that long left. Such requests lock the
   * machine's row, so concurrent ones get the same token.
   */
  async create(
    subject: { instanceId: string; machineId: string; keyId: string },
    spec: TokenSpec,
  ): Promise<{ token: TokenView; secret: string; reused: boolean }> {
    if (spec.minRemainingTtlSeconds === undefined) return { ...(await this.mintOpaque(subject, spec)), reused: false };
    return this.db.transactional(async (db) => {
      const now = new Date();
      if (spec.minRemainingTtlSeconds !== undefined) {
        // Serialise reuse per machine: concurrent requests share one token instead of each minting one.
        // Taken before the key, in the order a rotation takes them.
        await db.execute("select id from machine where id = ? for update", [subject.machineId]);
      }
      const key = await lockMintingKey(db, subject.keyId, subject.machineId, now);
      const { keyEnd, audience } = key;
      const lifetimeSeconds = spec.lifetimeSeconds ?? key.defaultLifetimeSeconds;
      const minRemainingSeconds = rules.minRemainingSeconds(spec.minRemainingTtlSeconds, lifetimeSeconds);
      if (minRemainingSeconds !== undefined) {
        const reusable = await db.findOne(
          MachineToken,
          {
            instanceId: subject.instanceId,
            subjectMachineId: subject.machineId,
            claimsDigest: spec.claimsDigest,
            revokeTime: null,
            expireTime: { $gte: new Date(now.getTime() + minRemainingSeconds * 1000) },
          },
          { orderBy: { expireTime: "desc" } },
        );
        if (reusable !== null && JSON.stringify(reusable.scopes) === JSON.stringify(audience)) {
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
        scopes: audience,
        claims: spec.claims,
        claimsDigest: spec.claimsDigest,
        expireTime: tokenExpiry(now, lifetimeSeconds, keyEnd),
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
   * mintOpaque makes a new opaque token in one statement (MINT_OPAQUE): the
   * minting key locked and checked, the audience and the default lifetime
   * read, and the row inserted, atomically without a transaction of its own
   * (one round trip instead of BEGIN, lockMintingKey, INSERT and COMMIT).
   */
  private async mintOpaque(
    subject: { instanceId: string; machineId: string; keyId: string },
    spec: TokenSpec,
  ): Promise<{ token: TokenView; secret: string }> {
    const now = new Date();
    const id = newTokenId();
    const secret = newSecret(SECRET_PREFIX.token);
    const rows = await this.db.execute<{ audience: string; expire_time: Date | string }[]>(MINT_OPAQUE, [
      id,
      subject.instanceId,
      subject.machineId,
      hashSecret(secret),
      this.secrets.seal(secret, id),
      spec.claims === null ? null : JSON.stringify(spec.claims),
      spec.claimsDigest,
      now,
      spec.lifetimeSeconds ?? null,
      now,
      now,
      subject.keyId,
      subject.machineId,
      now,
    ]);
    const inserted = rows[0];
    if (inserted === undefined)
      throw new UnauthenticatedError("the machine secret key was rotated and no longer works");
    const row = {
      id,
      subjectMachineId: subject.machineId,
      scopes: JSON.parse(inserted.audience) as string[],
      claims: spec.claims,
      expireTime: new Date(inserted.expire_time),
      revokeTime: null,
      revocationReason: null,
      lastUsedTime: null,
      createTime: now,
      updateTime: now,
    };
    return { token: view(row, now), secret };
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
   * `audience` narrows the token's audience to a subset of the machines the
   * machine may call. Like an
   * opaque token, it expires no later than the key that mints it
   * (`subject.keyId`, named in the token for online checks).
   */
  async createJwt(
    subject: { instanceId: string; machineId: string; keyId: string },
    spec: { issuer: string; lifetimeSeconds: number | undefined; claims: JsonObject | null; audience?: string[] },
  ): Promise<{ token: TokenView; secret: string }> {
    const signingKeys = new SigningKeyRepository(this.db, this.secrets);
    const key = await signingKeys.current(subject.instanceId);
    const facts = await this.db.transactional(async (db) => {
      const now = new Date();
      const {
        keyEnd,
        audience: snapshot,
        defaultLifetimeSeconds,
      } = await lockMintingKey(db, subject.keyId, subject.machineId, now);
      const outside = spec.audience?.find((id) => !snapshot.includes(id));
      if (outside !== undefined) {
        throw new PermissionDeniedError(`machine ${subject.machineId} may not call ${outside}`, "SCOPE_NOT_GRANTED");
      }
      const createTime = new Date(Math.floor(now.getTime() / 1000) * 1000);
      // JWT times are whole seconds: round the expiry down so it never passes the key's end.
      const expireTime = new Date(
        Math.floor(tokenExpiry(createTime, spec.lifetimeSeconds ?? defaultLifetimeSeconds, keyEnd).getTime() / 1000) *
          1000,
      );
      await new SigningKeyRepository(db, this.secrets).noteTokenExpiry(key.kid, expireTime);
      return {
        issuer: spec.issuer,
        subject: subject.machineId,
        audience: spec.audience === undefined ? snapshot : snapshot.filter((id) => spec.audience?.includes(id)),
        id: newTokenId(),
        createTime,
        expireTime,
      };
    });
    const secret = signJwt(key.kid, key.privateKeyPem, jwtPayload(facts, subject.keyId, spec.claims));
    return {
      token: jwtView({ ...facts, claims: customClaimsOf(spec.claims) }),
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
    const signer =
      jwt &&
      (await this.credentials.signingKey(jwt.kid, async () => {
        const found = await new SigningKeyRepository(this.db, this.secrets).publicKey(jwt.kid);
        return found && { instanceId: found.instanceId, key: publicKeyObject(found.jwk) };
      }));
    if (
      jwt === undefined ||
      signer?.instanceId !== instanceId ||
      !this.credentials.jwtSignatureGood(token, signer.key, () => verifyJwtSignature(jwt, signer.key))
    ) {
      throw new NotFoundError("token", "presented");
    }
    const { sub, aud, jti, iat, nbf, exp } = jwt.claims;
    if (typeof sub !== "string" || typeof jti !== "string" || typeof iat !== "number" || typeof exp !== "number") {
      throw new NotFoundError("token", "presented");
    }
    const audience = Array.isArray(aud) ? aud.filter((x): x is string => typeof x === "string") : [];
    const nowSeconds = Date.now() / 1000;
    if (typeof nbf === "number" && nbf > nowSeconds) {
      throw new PermissionDeniedError(`token ${jti} is not valid yet`, "TOKEN_NOT_YET_VALID");
    }
    if (exp <= nowSeconds) throw new PermissionDeniedError(`token ${jti} expired`, "TOKEN_EXPIRED");
    if (!audience.includes(receiverId)) {
      throw new PermissionDeniedError(`token ${jti} is not for machine ${receiverId}`, "TOKEN_NOT_FOR_RECEIVER");
    }
    const subject = await this.credentials.machine(sub, () => loadMachine(this.db, sub));
    if (subject?.instanceId !== instanceId) throw new NotFoundError("token", "presented");
    const keyEnd = mintingKeyEnd(subject, jwt.claims[MINTING_KEY_CLAIM], iat);
    if (keyEnd === "ended" || (keyEnd !== null && keyEnd.getTime() <= Date.now())) {
      throw new PermissionDeniedError(`token ${jti} expired: the key that minted it was rotated`, "TOKEN_EXPIRED");
    }
    const expireTime = new Date(Math.min(exp * 1000, keyEnd?.getTime() ?? Number.POSITIVE_INFINITY));
    return jwtView({
      id: jti,
      subject: sub,
      audience,
      claims: customClaimsOf(jwt.claims),
      createTime: new Date(iat * 1000),
      expireTime,
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
