import { NotFoundError } from "../domain/errors.js";
import { ID_PREFIX, newSortableId } from "../domain/ids.js";
import { hashesEqual, hashSecret, newSecret, SECRET_PREFIX } from "../domain/secrets.js";
import { type CredentialCache, publishInvalidation } from "./credential-cache.js";
import { Instance, InstanceKey } from "./entities.js";
import { type Db, type DbSource, dbOf } from "./orm.js";

/** A new instance key: its id (for revocation) and the secret, shown once. */
export type IssuedInstanceKey = { keyId: string; instanceId: string; secret: string };

/**
 * InstanceRepository stores tenants and their secret keys. Given the server's
 * credential cache, it finds keys through it and drops a revoked key from it
 * at once; other processes drop it when the NOTIFY arrives.
 */
export class InstanceRepository {
  constructor(
    private readonly source: DbSource,
    private readonly credentials?: CredentialCache,
  ) {}

  /** db is the entity manager, forked on first use when the source is a call's (DbSource). */
  private get db(): Db {
    return dbOf(this.source);
  }

  /** countInstances tells whether this database has been bootstrapped. */
  countInstances(): Promise<number> {
    return this.db.count(Instance, {});
  }

  /**
   * createInstance makes an instance with one secret key, all or nothing.
   * `secret` lets automation choose the key (LATCHKEY_BOOTSTRAP_KEY); by
   * default a new one is generated.
   */
  async createInstance(name: string, secret: string = newSecret(SECRET_PREFIX.instance)): Promise<IssuedInstanceKey> {
    return this.db.transactional(async (db) => {
      const now = new Date();
      const instanceId = newSortableId(ID_PREFIX.instance, now);
      db.create(Instance, { id: instanceId, name, createTime: now });
      await db.flush();
      return new InstanceRepository(db).createKey(instanceId, secret);
    });
  }

  /** createKey adds a secret key to an existing instance. */
  async createKey(instanceId: string, secret: string = newSecret(SECRET_PREFIX.instance)): Promise<IssuedInstanceKey> {
    if ((await this.db.count(Instance, { id: instanceId })) === 0) throw new NotFoundError("instance", instanceId);
    const now = new Date();
    const keyId = newSortableId(ID_PREFIX.instanceKey, now);
    this.db.create(InstanceKey, {
      id: keyId,
      instanceId,
      keyHash: hashSecret(secret),
      createTime: now,
      revokeTime: null,
    });
    await this.db.flush();
    return { keyId, instanceId, secret };
  }

  /** revokeKey stops a key from working; revoking twice is NotFound the second time. */
  async revokeKey(keyId: string): Promise<void> {
    await this.db.transactional(async (db) => {
      const revoked = await db.nativeUpdate(InstanceKey, { id: keyId, revokeTime: null }, { revokeTime: new Date() });
      if (revoked === 0) throw new NotFoundError("instance key", keyId);
      await publishInvalidation(db, `instance-key:${keyId}`);
    });
    this.credentials?.drop(`instance-key:${keyId}`);
  }

  /**
   * findInstanceByKey returns the instance and key id a live secret key
   * belongs to, or undefined. The lookup is by hash; the final comparison is
   * in constant time.
   */
  async findInstanceByKey(secret: string): Promise<{ instanceId: string; keyId: string } | undefined> {
    const keyHash = hashSecret(secret);
    const load = async () => {
      const key = await this.db.findOne(InstanceKey, { keyHash, revokeTime: null });
      return key === null ? undefined : { keyHash: key.keyHash, instanceId: key.instanceId, keyId: key.id };
    };
    const key = this.credentials === undefined ? await load() : await this.credentials.instanceKey(keyHash, load);
    if (key === undefined || !hashesEqual(key.keyHash, keyHash)) return undefined;
    return { instanceId: key.instanceId, keyId: key.keyId };
  }
}
