import type { JsonWebKey } from "node:crypto";
import { ID_PREFIX, newSortableId } from "../domain/ids.js";
import { JWT_ALGORITHM, newSigningKeyPair } from "../domain/jwt.js";
import type { SecretBox } from "../domain/secrets.js";
import { SigningKey } from "./entities.js";
import type { Db } from "./orm.js";

/** A usable signing key: its kid and private key. */
export type ActiveSigningKey = { kid: string; privateKeyPem: string };

/**
 * SigningKeyRepository keeps each instance's JWT signing keys. Private keys
 * are sealed with the key-encryption key; public keys are published in the
 * instance's JWKS until the last token they signed has expired.
 */
export class SigningKeyRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  /** current returns the instance's current key, creating the first one on demand. */
  async current(instanceId: string): Promise<ActiveSigningKey> {
    const existing = await this.db.findOne(SigningKey, { instanceId, status: "current" });
    if (existing !== null)
      return { kid: existing.id, privateKeyPem: this.secrets.open(existing.sealedPrivateKey, existing.id) };
    try {
      return await this.insertCurrent(instanceId);
    } catch (error) {
      // Another call created it first (one current key per instance is a unique index).
      const winner = await this.db.findOne(SigningKey, { instanceId, status: "current" });
      if (winner === null) throw error;
      return { kid: winner.id, privateKeyPem: this.secrets.open(winner.sealedPrivateKey, winner.id) };
    }
  }

  /** rotate retires the current key (it stays published while its tokens live) and makes a new one. */
  async rotate(instanceId: string): Promise<string> {
    return this.db.transactional(async (db) => {
      const now = new Date();
      await db.nativeUpdate(SigningKey, { instanceId, status: "current" }, { status: "retired", retireTime: now });
      return (await new SigningKeyRepository(db, this.secrets).insertCurrent(instanceId)).kid;
    });
  }

  /** noteTokenExpiry keeps a key published at least until `expireTime`. */
  async noteTokenExpiry(kid: string, expireTime: Date): Promise<void> {
    await this.db.execute(
      "update signing_key set last_token_expire_time = greatest(coalesce(last_token_expire_time, ?), ?) where id = ?",
      [expireTime, expireTime, kid],
    );
  }

  /**
   * publicKey returns the public key `kid` and its instance. A key never
   * changes, so it may be cached for good; a retired key past its last
   * token's expiry only ever verifies expired tokens.
   */
  async publicKey(kid: string): Promise<{ instanceId: string; jwk: JsonWebKey } | undefined> {
    const row = await this.db.findOne(SigningKey, { id: kid }, { fields: ["instanceId", "publicJwk"] });
    return row === null ? undefined : { instanceId: row.instanceId, jwk: row.publicJwk as JsonWebKey };
  }

  /** published lists the JWKS keys: the current key and retired keys with live tokens. */
  async published(instanceId: string, now: Date = new Date()): Promise<JsonWebKey[]> {
    const rows = await this.db.find(
      SigningKey,
      { instanceId, $or: [{ status: "current" }, { lastTokenExpireTime: { $gt: now } }] },
      { orderBy: { createTime: "desc" } },
    );
    return rows.map((row) => row.publicJwk as JsonWebKey);
  }

  /** instanceExists tells the public JWKS and metadata endpoints whether to answer 404. */
  async instanceExists(instanceId: string): Promise<boolean> {
    const rows = await this.db.execute("select 1 from instance where id = ?", [instanceId]);
    return rows.length > 0;
  }

  private async insertCurrent(instanceId: string): Promise<ActiveSigningKey> {
    const now = new Date();
    const kid = newSortableId(ID_PREFIX.signingKey, now);
    const { privateKeyPem, publicJwk } = newSigningKeyPair(kid);
    await this.db.insert(SigningKey, {
      id: kid,
      instanceId,
      algorithm: JWT_ALGORITHM,
      sealedPrivateKey: this.secrets.seal(privateKeyPem, kid),
      publicJwk: publicJwk as Record<string, unknown>,
      status: "current",
      lastTokenExpireTime: null,
      createTime: now,
      retireTime: null,
    });
    return { kid, privateKeyPem };
  }
}
