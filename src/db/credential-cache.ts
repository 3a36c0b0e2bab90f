import type { KeyObject } from "node:crypto";
import { log } from "../log.js";
import type { PositionedMachine } from "./machine-repository.js";
import type { Database, Db } from "./orm.js";

/** INVALIDATION_CHANNEL is the NOTIFY channel on which every server process hears of credential changes. */
export const INVALIDATION_CHANNEL = "latchkey_credentials";

/** A machine secret key as the auth path needs it. `expireTime` is set for a previous key in its grace period. */
export type CachedMachineKey = {
  keyHash: string;
  machineId: string;
  instanceId: string;
  keyId: string;
  expireTime: Date | null;
};

/** An opaque token as the verify path needs it. */
export type CachedToken = {
  id: string;
  instanceId: string;
  tokenHash: string;
  subjectMachineId: string;
  /** The token's audience, under MachineToken's column name. */
  scopes: string[];
  claims: Record<string, unknown> | null;
  revokeTime: Date | null;
  revocationReason: string | null;
  expireTime: Date;
  createTime: Date;
  updateTime: Date;
};

/**
 * A machine as an online JWT check needs it: its instance, and its keys that
 * still exist with their creation and (grace period) end, so a JWT ends with
 * the key that minted it.
 */
export type CachedMachine = {
  instanceId: string;
  keys: { id: string; createTime: Date; expireTime: Date | null }[];
};

/** A live instance secret key, as the auth path needs it. */
export type CachedInstanceKey = { keyHash: string; instanceId: string; keyId: string };

/** A JWT signing key ready for verification. */
export type CachedSigningKey = { instanceId: string; key: KeyObject };

/**
 * What changed: every cached key and token of a machine (and its views), what
 * GetMachine shows of a machine (its fields or callees), one token, or one
 * instance key.
 */
export type Invalidation =
  | `machine:${string}`
  | `machine-view:${string}`
  | `token:${string}`
  | `instance-key:${string}`;

/** publishInvalidation tells every process about a change when `db`'s transaction commits. */
export async function publishInvalidation(db: Db, change: Invalidation): Promise<void> {
  await db.execute("select pg_notify(?, ?)", [INVALIDATION_CHANNEL, change]);
}

const RELISTEN_DELAY_MS = 5_000;

/** Lookup is what a cache lookup gives: the entry itself on a hit, a promise of the loaded one on a miss; await it either way. */
export type Lookup<T> = T | undefined | Promise<T | undefined>;

/**
 * CredentialCache keeps instance keys, machine keys and opaque tokens in memory so a call
 * usually needs no database round trip, and at most one when it misses.
 *
 * Correctness across processes: every change that could make a cached entry
 * wrong (key rotation, machine deletion, token revocation, lifetime cuts)
 * sends a NOTIFY in the same transaction; every process LISTENs and drops the
 * entries. The process that made the change also drops them as soon as its
 * transaction commits. While the LISTEN connection is down the cache is off
 * and every lookup goes to the database, so a missed notification can never
 * keep a revoked credential alive.
 *
 * Token use (last_used_time) is recorded in memory and written in one batch
 * per second, so verifying does not write on the hot path.
 */
export class CredentialCache {
  readonly #keys = new Map<string, CachedMachineKey>();
  readonly #instanceKeys = new Map<string, CachedInstanceKey>();
  readonly #tokens = new Map<string, CachedToken>();
  readonly #machines = new Map<string, CachedMachine>();
  readonly #machineViews = new Map<string, PositionedMachine>();
  readonly #signingKeys = new Map<string, CachedSigningKey>();
  readonly #goodSignatures = new Map<string, KeyObject>();
  readonly #uses = new Map<string, Date>();
  #enabled = false;
  #generation = 0;
  #unlisten: (() => Promise<void>) | undefined;
  #flushTimer: NodeJS.Timeout | undefined;
  #relistenTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly database: Database,
    /** Most entries kept of each kind; the least recently used go first. Default 100,000. */
    private readonly maxEntries = 100_000,
    /**
     * Most JWTs whose good signature is remembered, kept whole: about 1 KiB each, at most about
     * 5.5 KiB with 4 KiB of custom claims (so 10 to 55 MiB when full). Default 10,000.
     */
    private readonly maxSignatures = 10_000,
    /**
     * Most GetMachine answers kept (up to about 150 callees each).
     * Smaller than the others: a change scans them all for views listing the
     * changed machine. Default 10,000.
     */
    private readonly maxMachineViews = 10_000,
  ) {}

  /** start subscribes to invalidations (enabling the cache) and starts the usage flusher. */
  async start(): Promise<void> {
    this.#flushTimer = setInterval(() => void this.flushUses(), 1_000);
    this.#flushTimer.unref();
    await this.#listen();
  }

  /** stop unsubscribes and writes pending token uses. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#enabled = false;
    clearInterval(this.#flushTimer);
    clearTimeout(this.#relistenTimer);
    await this.#unlisten?.();
    await this.flushUses();
  }

  /** machineKey returns the key with this hash, from memory or from `load`. */
  machineKey(keyHash: string, load: () => Promise<CachedMachineKey | undefined>): Lookup<CachedMachineKey> {
    return this.#lookup(this.#keys, keyHash, load);
  }

  /** instanceKey returns the live instance key with this hash, from memory or from `load`. */
  instanceKey(keyHash: string, load: () => Promise<CachedInstanceKey | undefined>): Lookup<CachedInstanceKey> {
    return this.#lookup(this.#instanceKeys, keyHash, load);
  }

  /** token returns the opaque token with this hash, from memory or from `load`. */
  token(tokenHash: string, load: () => Promise<CachedToken | undefined>): Lookup<CachedToken> {
    return this.#lookup(this.#tokens, tokenHash, load);
  }

  /** machine returns a machine's instance and keys, from memory or from `load`. */
  machine(machineId: string, load: () => Promise<CachedMachine | undefined>): Lookup<CachedMachine> {
    return this.#lookup(this.#machines, machineId, load);
  }

  /**
   * machineView returns what GetMachine shows of a machine, with the position
   * it was read at, from memory or from `load`. Keyed by instance and id, so
   * an instance never sees another's entry. The view lists the machines it
   * may call with their names and times, so a change to any of them drops it
   * too (see drop). The returned object is shared: callers must not change it.
   *
   * `load` must read the primary, never a standby. A change drops the entry
   * when its NOTIFY arrives, and a later load must show that change; the
   * primary does (the NOTIFY is sent at its commit), while a standby may not
   * have replayed it yet, and an entry filled from it would then be served
   * stale until the next change. So only fully consistent GetMachine calls
   * use this cache; reads that may run on a standby neither read nor fill it.
   */
  machineView(
    instanceId: string,
    machineId: string,
    load: () => Promise<PositionedMachine | undefined>,
  ): Lookup<PositionedMachine> {
    return this.#lookup(this.#machineViews, `${instanceId}/${machineId}`, load, this.maxMachineViews);
  }

  /** signingKey returns a JWT public key by kid; keys never change, only machines' existence does. */
  signingKey(kid: string, load: () => Promise<CachedSigningKey | undefined>): Lookup<CachedSigningKey> {
    return this.#lookup(this.#signingKeys, kid, load);
  }

  /**
   * jwtSignatureGood tells whether `token` (a whole compact JWS) is signed by
   * `key`, running `verify` (an ES256 check, about 0.2 ms of CPU, most of a
   * JWT VerifyToken) only the first time this token is presented with this
   * key. Only good signatures are remembered, by the whole token, so a token
   * differing in any byte is checked afresh, and only against the same
   * KeyObject: a key the signing-key cache loaded anew is checked again.
   * Nothing needs invalidating: a signature's validity never changes, and
   * everything that can end a token (its time window, its subject machine
   * deleted, its minting key rotated out) is still checked on every call.
   */
  jwtSignatureGood(token: string, key: KeyObject, verify: () => boolean): boolean {
    if (this.#goodSignatures.get(token) === key) {
      this.#goodSignatures.delete(token);
      this.#goodSignatures.set(token, key);
      return true;
    }
    if (!verify()) return false;
    this.#goodSignatures.set(token, key);
    if (this.#goodSignatures.size > this.maxSignatures) {
      this.#goodSignatures.delete(this.#goodSignatures.keys().next().value as string);
    }
    return true;
  }

  /** publish tells every process (this one included) about a change, when `db`'s transaction commits. */
  async publish(db: Db, change: Invalidation): Promise<void> {
    await publishInvalidation(db, change);
  }

  /** drop forgets what a change made stale; called on notifications and after a local commit. */
  drop(change: string): void {
    this.#generation++;
    const [kind, id] = change.split(":", 2);
    if (kind === "machine") {
      for (const [hash, key] of this.#keys) if (key.machineId === id) this.#keys.delete(hash);
      for (const [hash, token] of this.#tokens) if (token.subjectMachineId === id) this.#tokens.delete(hash);
      this.#machines.delete(id as string);
      this.#dropMachineViews(id as string);
    } else if (kind === "machine-view") {
      this.#dropMachineViews(id as string);
    } else if (kind === "token") {
      for (const [hash, token] of this.#tokens) if (token.id === id) this.#tokens.delete(hash);
    } else if (kind === "instance-key") {
      for (const [hash, key] of this.#instanceKeys) if (key.keyId === id) this.#instanceKeys.delete(hash);
    }
  }

  /** #dropMachineViews forgets the machine's own view and every view listing it as a machine it may call. */
  #dropMachineViews(machineId: string): void {
    for (const [key, { view }] of this.#machineViews) {
      if (view.id === machineId || view.callees.some((callee) => callee.id === machineId)) {
        this.#machineViews.delete(key);
      }
    }
  }

  /** noteTokenUse records a successful verify; written to last_used_time within a second. */
  noteTokenUse(tokenId: string, time: Date): void {
    this.#uses.set(tokenId, time);
  }

  /** flushUses writes the recorded token uses in one statement. */
  async flushUses(): Promise<void> {
    if (this.#uses.size === 0) return;
    const batch = [...this.#uses];
    this.#uses.clear();
    try {
      await this.database.fork().execute(
        `update machine_token t set last_used_time = greatest(coalesce(t.last_used_time, u.used), u.used)
         from (select x ->> 0 as id, (x ->> 1)::timestamptz as used from jsonb_array_elements(?::jsonb) as x) u
         where t.id = u.id`,
        [JSON.stringify(batch.map(([id, time]) => [id, time.toISOString()]))],
      );
    } catch (error) {
      log("warn", "could not record token use", { cause: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * lookup answers a hit at once (no promise: most calls are hits) and a miss
   * with a promise of what `load` found; callers await either.
   */
  #lookup<T>(
    map: Map<string, T>,
    key: string,
    load: () => Promise<T | undefined>,
    maxEntries = this.maxEntries,
  ): Lookup<T> {
    if (this.#enabled) {
      const hit = map.get(key);
      if (hit !== undefined) {
        map.delete(key);
        map.set(key, hit);
        return hit;
      }
    }
    return this.#load(map, key, load, maxEntries);
  }

  /** load fills a miss of `map` from `load`. */
  async #load<T>(
    map: Map<string, T>,
    key: string,
    load: () => Promise<T | undefined>,
    maxEntries: number,
  ): Promise<T | undefined> {
    const generation = this.#generation;
    const loaded = await load();
    // Cache only if nothing was invalidated while loading: the row may predate the change.
    if (loaded !== undefined && this.#enabled && generation === this.#generation) {
      map.set(key, loaded);
      if (map.size > maxEntries) map.delete(map.keys().next().value as string);
    }
    return loaded;
  }

  /** #listen subscribes and turns the cache on; `again` after a lost connection (then it says so in the log). */
  async #listen(again = false): Promise<void> {
    try {
      this.#unlisten = await this.database.listen(
        INVALIDATION_CHANNEL,
        (payload) => this.drop(payload),
        (error) => this.#lost(error),
      );
      this.#generation++;
      this.#enabled = true;
      if (again) log("info", "credential cache on: listening again");
    } catch (error) {
      this.#lost(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #lost(error: Error): void {
    if (this.#stopped || (!this.#enabled && this.#relistenTimer !== undefined)) return;
    this.#enabled = false;
    this.#keys.clear();
    this.#instanceKeys.clear();
    this.#tokens.clear();
    this.#machines.clear();
    this.#machineViews.clear();
    log("warn", "credential cache off: lost the LISTEN connection", { cause: error.message });
    this.#relistenTimer = setTimeout(() => {
      this.#relistenTimer = undefined;
      void this.#listen(true);
    }, RELISTEN_DELAY_MS);
    this.#relistenTimer.unref();
  }
}
