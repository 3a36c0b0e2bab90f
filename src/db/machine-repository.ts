import { type Lsn, parseLsn } from "../domain/consistency.js";
import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from "../domain/errors.js";
import { ID_PREFIX, newSortableId } from "../domain/ids.js";
import { MACHINE_LIMITS } from "../domain/limits.js";
import { distinctCallGrant, type MachineCursor, type MachineOrderKey } from "../domain/machine-rules.js";
import { hashesEqual, hashSecret, newSecret, SECRET_PREFIX, type SecretBox } from "../domain/secrets.js";
import type { CredentialCache } from "./credential-cache.js";
import { Machine, MachineScope, MachineSecretKey } from "./entities.js";
import { type Db, type DbSource, dbOf } from "./orm.js";
import { POSITION_SQL } from "./wal-position.js";

/** CalleeView is a machine another machine may call, without its own callees. */
export type CalleeView = {
  id: string;
  instanceId: string;
  name: string;
  defaultTokenTtlSeconds: number;
  createTime: Date;
  updateTime: Date;
};

/** MachineView is a machine as callers see it, with the machines it may call (ordered by id). */
export type MachineView = CalleeView & { callees: CalleeView[] };

/** What ListMachines streams: which machines, in which order, from where. */
export type MachineListSpec = {
  query: string;
  order: MachineOrderKey;
  limit: number;
  offset: number;
  after: MachineCursor | undefined;
};

/** A machine row as the driver returns it. */
export type MachineRow = {
  id: string;
  instance_id: string;
  name: string;
  default_token_ttl_seconds: number;
  create_time: Date | string;
  update_time: Date | string;
};

/** A machine row with its callees and the position it was read at, as MACHINE_SELECT reads it. */
export type MachineWithCalleesRow = MachineRow & { callees: string | null; read_at: string };

/**
 * PositionedMachine is a machine and the log position of the server it was
 * read on, taken in the same statement: at or past every commit the read
 * saw, so it is the read's consistency token (see wal-position.ts).
 */
export type PositionedMachine = { view: MachineView; readAt: Lsn };

/** MachineBatch is one batch of a machine stream and the position it was read at (as PositionedMachine). */
export type MachineBatch = { machines: MachineView[]; readAt: Lsn };

/** A callee inside MACHINE_SELECT's `callees` JSON: id, name, default TTL, create and update time. */
type CalleeTuple = [string, string, number, string, string];

/**
 * MACHINE_SELECT reads machines (table alias `m`) together with the machines
 * each may call, ordered by id, as one JSON array per row: a GetMachine, and
 * a ListMachines batch, is one database round trip instead of two (about
 * 9 % of a GetMachine's server CPU, `npm run bench`). The callees are sorted
 * in a subquery (which PostgreSQL never flattens into the aggregate: it has
 * an ORDER BY) rather than by `json_agg(… order by …)`, which on PostgreSQL
 * 15 sets up a sort for every row, with callees or not: a batch of 1,000
 * machines (1 % with callees) took the database 1.75 ms instead of 2.2–3.3
 * (EXPLAIN ANALYZE, the same JSON; bench/README.md). `read_at` is the
 * server's log position, evaluated once per statement (an uncorrelated
 * subquery) after its snapshot was taken: the read's consistency token, free.
 */
const MACHINE_SELECT = `select m.id, m.instance_id, m.name, m.default_token_ttl_seconds, m.create_time, m.update_time,
  (select json_agg(c.callee)::text from (
     select json_build_array(t.id, t.name, t.default_token_ttl_seconds, t.create_time, t.update_time) as callee
     from machine_scope s join machine t on t.id = s.to_machine_id where s.from_machine_id = m.id order by t.id) c) as callees,
  (select ${POSITION_SQL}) as read_at
  from machine m`;

/**
 * MACHINE_INSERT inserts a machine, its first (current) secret key and its
 * call grants (a JSON array of callee ids, possibly empty) in one statement,
 * so a create is atomic without a transaction of its own. The foreign keys
 * are checked at the end of the statement, when the machine row exists.
 */
const MACHINE_INSERT = `with m as (
    insert into machine (id, instance_id, name, default_token_ttl_seconds, create_time, update_time)
    values (?, ?, ?, ?, ?, ?)
  ), k as (
    insert into machine_secret_key (id, machine_id, key_hash, sealed_key, status, expire_time, create_time)
    values (?, ?, ?, ?, 'current', null, ?)
  )
  insert into machine_scope (from_machine_id, to_machine_id, instance_id, create_time)
  select ?, callee, ?, ? from json_array_elements_text(?::json) as callee`;

/**
 * MachineRepository reads and writes machines, their secret keys and call grants.
 * Every method takes the caller's instance id and never touches rows of
 * another instance: a foreign id is NotFound.
 */
export class MachineRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly credentials: CredentialCache,
  ) {}

  /**
   * create stores a machine, its first key and its call grants atomically,
   * in one statement (MACHINE_INSERT): with no callees that is the whole
   * create, one database round trip and no transaction. With callees the
   * callees are read first (NotFound for a missing one; their fields make
   * the returned view), inside a transaction with the insert. The view is
   * built from what was inserted, not read back.
   */
  async create(
    instanceId: string,
    input: { name: string; defaultTokenTtlSeconds: number; calleeIds: string[] },
  ): Promise<{ machine: MachineView; secretKey: string }> {
    const now = new Date();
    const id = newSortableId(ID_PREFIX.machine, now);
    const secretKey = newSecret(SECRET_PREFIX.machine);
    const insert = (db: Db) =>
      db.execute(MACHINE_INSERT, [
        id,
        instanceId,
        input.name,
        input.defaultTokenTtlSeconds,
        now,
        now,
        newSortableId(ID_PREFIX.machineSecretKey, now),
        id,
        hashSecret(secretKey),
        this.secrets.seal(secretKey, id),
        now,
        id,
        instanceId,
        now,
        JSON.stringify(input.calleeIds),
      ]);
    const machine = { id, instanceId, name: input.name, defaultTokenTtlSeconds: input.defaultTokenTtlSeconds };
    if (input.calleeIds.length === 0) {
      await insert(this.db);
      return { machine: { ...machine, createTime: now, updateTime: now, callees: [] }, secretKey };
    }
    return this.db.transactional(async (db) => {
      const rows = await db.execute<MachineRow[]>(
        "select id, instance_id, name, default_token_ttl_seconds, create_time, update_time from machine where instance_id = ? and id in (select json_array_elements_text(?::json)) order by id",
        [instanceId, JSON.stringify(input.calleeIds)],
      );
      const missing = input.calleeIds.find((calleeId) => !rows.some((row) => row.id === calleeId));
      if (missing !== undefined) throw new NotFoundError("machine", missing);
      await insert(db);
      return {
        machine: { ...machine, createTime: now, updateTime: now, callees: rows.map(machineFields) },
        secretKey,
      };
    });
  }

  /** get returns one machine of the instance with its callees. */
  async get(instanceId: string, id: string): Promise<MachineView> {
    return (await this.getAt(instanceId, id)).view;
  }

  /** getAt is get with the position the machine was read at. */
  async getAt(instanceId: string, id: string): Promise<PositionedMachine> {
    const rows = await this.db.execute<MachineWithCalleesRow[]>(
      `${MACHINE_SELECT} where m.instance_id = ? and m.id = ?`,
      [instanceId, id],
    );
    const row = rows[0];
    if (row === undefined) throw new NotFoundError("machine", id);
    return { view: machineView(row), readAt: parseLsn(row.read_at) };
  }

  /**
   * cachedGet is getAt through the credential cache's machine views: a
   * repeated GetMachine needs no database round trip (about two thirds of its
   * server CPU, bench/README.md). Every change to what it returns publishes
   * `machine:` or `machine-view:` for the machine, which drops its view and
   * the views listing it, in every process. Call it only on the primary:
   * the cache must never be filled from a standby (see CredentialCache).
   */
  async cachedGet(instanceId: string, id: string): Promise<PositionedMachine> {
    const found = await this.credentials.machineView(instanceId, id, () =>
      this.getAt(instanceId, id).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
    );
    if (found === undefined) throw new NotFoundError("machine", id);
    return found;
  }

  /** update changes the fields that are given; nothing given returns the machine as it is. */
  async update(
    instanceId: string,
    id: string,
    changes: { name?: string; defaultTokenTtlSeconds?: number },
  ): Promise<MachineView> {
    const set: { name?: string; defaultTokenTtlSeconds?: number; updateTime?: Date } = { ...changes };
    if (Object.keys(set).length > 0) {
      set.updateTime = new Date();
      // In a transaction (one statement still) so a call abandoned while it
      // waits for the row commits nothing (AbandonedCallGuard).
      await this.db.transactional(async (db) => {
        const updated = await db.nativeUpdate(Machine, { instanceId, id }, set);
        if (updated === 0) throw new NotFoundError("machine", id);
        await this.credentials.publish(db, `machine-view:${id}`);
      });
      this.credentials.drop(`machine-view:${id}`);
    }
    return this.get(instanceId, id);
  }

  /**
   * delete removes the machine; the schema cascades to its keys, its tokens
   * and the call grants from and to it. Every process drops its cached keys and tokens.
   */
  async delete(instanceId: string, id: string): Promise<void> {
    await this.db.transactional(async (db) => {
      const deleted = await db.nativeDelete(Machine, { instanceId, id });
      if (deleted === 0) throw new NotFoundError("machine", id);
      await this.credentials.publish(db, `machine:${id}`);
    });
    this.credentials.drop(`machine:${id}`);
  }

  /** getSecretKey decrypts and returns the machine's current key. */
  async getSecretKey(instanceId: string, id: string): Promise<string> {
    await this.requireMachine(instanceId, id);
    const key = await this.db.findOneOrFail(MachineSecretKey, { machineId: id, status: "current" });
    return this.secrets.open(key.sealedKey, id);
  }

  /**
   * rotateSecretKey makes a new current key. The old current key becomes the
   * previous key until `now + previousKeyTtlSeconds` (or is deleted when that
   * is 0); an older previous key is deleted. Tokens made with a replaced key
   * expire no later than that key stops working. The machine row is locked, so
   * concurrent rotations run one after the other and leave one current key;
   * the key rows are locked before the cut, so a token being minted with one
   * (which holds it FOR SHARE) is committed first and cut too.
   */
  async rotateSecretKey(
    instanceId: string,
    id: string,
    previousKeyTtlSeconds: number,
  ): Promise<{ secretKey: string; previousKeyExpireTime: Date }> {
    return this.db
      .transactional(async (db) => {
        const repo = new MachineRepository(db, this.secrets, this.credentials);
        await repo.lockMachine(instanceId, id);
        await db.execute("select id from machine_secret_key where machine_id = ? for update", [id]);
        const now = new Date();
        const previousKeyExpireTime = new Date(now.getTime() + previousKeyTtlSeconds * 1000);
        await cutTokenLifetimes(db, id, "previous", now, now);
        await cutTokenLifetimes(db, id, "current", previousKeyExpireTime, now);
        await db.nativeDelete(MachineSecretKey, { machineId: id, status: "previous" });
        if (previousKeyTtlSeconds === 0) {
          await db.nativeDelete(MachineSecretKey, { machineId: id, status: "current" });
        } else {
          await db.nativeUpdate(
            MachineSecretKey,
            { machineId: id, status: "current" },
            { status: "previous", expireTime: previousKeyExpireTime },
          );
        }
        const secretKey = await repo.insertCurrentKey(id, now);
        await db.nativeUpdate(Machine, { id }, { updateTime: now });
        await this.credentials.publish(db, `machine:${id}`);
        return { secretKey, previousKeyExpireTime };
      })
      .finally(() => this.credentials.drop(`machine:${id}`));
  }

  /**
   * createCallGrant adds "from may call to" (never from a machine to itself). The
   * `from` machine row is locked for the transaction, so concurrent calls for
   * one machine are serialised and neither the 150 limit nor uniqueness can be
   * raced past.
   */
  async createCallGrant(instanceId: string, fromId: string, toId: string): Promise<{ createTime: Date }> {
    distinctCallGrant(fromId, toId);
    const created = await this.db.transactional(async (db) => {
      const repo = new MachineRepository(db, this.secrets, this.credentials);
      await repo.lockMachine(instanceId, fromId);
      await repo.requireMachine(instanceId, toId);
      if ((await db.count(MachineScope, { fromMachineId: fromId, toMachineId: toId })) > 0) {
        throw new AlreadyExistsError(`machine ${fromId} may already call ${toId}`, "MACHINE_SCOPE_EXISTS");
      }
      const max = MACHINE_LIMITS.callGrantsPerMachine;
      if ((await db.count(MachineScope, { fromMachineId: fromId })) >= max) {
        throw new FailedPreconditionError(
          `machine ${fromId} already has the maximum of ${max} scopes`,
          "MACHINE_SCOPE_LIMIT",
        );
      }
      const createTime = new Date();
      await db.insert(MachineScope, { fromMachineId: fromId, toMachineId: toId, instanceId, createTime });
      await this.credentials.publish(db, `machine-view:${fromId}`);
      return { createTime };
    });
    this.credentials.drop(`machine-view:${fromId}`);
    return created;
  }

  /** deleteCallGrant removes "from may call to"; NotFound when either machine or the grant is missing. */
  async deleteCallGrant(instanceId: string, fromId: string, toId: string): Promise<void> {
    await this.requireMachine(instanceId, fromId);
    await this.requireMachine(instanceId, toId);
    await this.db.transactional(async (db) => {
      const deleted = await db.nativeDelete(MachineScope, { instanceId, fromMachineId: fromId, toMachineId: toId });
      if (deleted === 0) throw new NotFoundError("machine scope", `${fromId} -> ${toId}`);
      await this.credentials.publish(db, `machine-view:${fromId}`);
    });
    this.credentials.drop(`machine-view:${fromId}`);
  }

  /**
   * findMachineByKey returns the machine (and key id) a secret key belongs to
   * when the key is the current one, or the previous one still inside its
   * grace period. Found through the credential cache (by hash; the final
   * comparison in constant time). Static: the auth path has no SecretBox.
   */
  static async findMachineByKey(
    db: DbSource,
    credentials: CredentialCache,
    secret: string,
    now: Date = new Date(),
  ): Promise<{ machineId: string; instanceId: string; keyId: string } | undefined> {
    const keyHash = hashSecret(secret);
    const key = await credentials.machineKey(keyHash, async () => {
      const rows = await dbOf(db).execute<
        { id: string; key_hash: string; machine_id: string; instance_id: string; expire_time: Date | string | null }[]
      >(
        `select k.id, k.key_hash, k.machine_id, m.instance_id, k.expire_time
         from machine_secret_key k join machine m on m.id = k.machine_id where k.key_hash = ?`,
        [keyHash],
      );
      const row = rows[0];
      return row === undefined
        ? undefined
        : {
            keyHash: row.key_hash,
            keyId: row.id,
            machineId: row.machine_id,
            instanceId: row.instance_id,
            expireTime: row.expire_time === null ? null : new Date(row.expire_time),
          };
    });
    if (key === undefined || !hashesEqual(key.keyHash, keyHash)) return undefined;
    if (key.expireTime !== null && key.expireTime.getTime() <= now.getTime()) return undefined;
    return { machineId: key.machineId, instanceId: key.instanceId, keyId: key.keyId };
  }

  /** count returns how many machines of the instance match the query. */
  async count(instanceId: string, query: string): Promise<number> {
    const filter = queryFilter(query);
    const rows = await this.db.execute<{ n: string | number }[]>(
      `select count(*) as n from machine where instance_id = ?${filter.sql}`,
      [instanceId, ...filter.params],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * stream yields the matching machines in database batches, in order. The
   * first batch is small (a quick first message), each next one twice as big
   * up to MACHINE_LIMITS.listQueryBatchMax, so a long listing costs few round
   * trips. From the second batch on, while the consumer handles one batch the
   * next is already being read, and no further: at most two batches are
   * held, whatever the length of the listing and however slowly the consumer
   * takes them. It stops querying as soon as the consumer stops iterating or
   * `signal` aborts.
   */
  async *stream(instanceId: string, spec: MachineListSpec, signal: AbortSignal): AsyncGenerator<MachineBatch> {
    // A read ahead settles into a value at once: its failure is thrown when
    // the consumer gets to it, never left unhandled while it is busy.
    const read = (batch: Parameters<typeof readMachineBatch>[3]) =>
      readMachineBatch(this.db, instanceId, spec, batch).then(
        (rows) => ({ rows }),
        (error: unknown) => ({ error }),
      );
    let remaining = spec.limit === 0 ? Number.POSITIVE_INFINITY : spec.limit;
    let size = Math.min(MACHINE_LIMITS.listQueryBatchMin, remaining);
    let pending: ReturnType<typeof read> | undefined = read({ after: spec.after, offset: spec.offset, size });
    let first = true;
    try {
      while (pending !== undefined && !signal.aborted) {
        const batch = await pending;
        pending = undefined;
        if ("error" in batch) throw batch.error;
        const { rows } = batch;
        if (rows.length === 0) return;
        remaining -= rows.length;
        const last = rows[rows.length - 1] as MachineWithCalleesRow;
        const readNext = () => {
          size = Math.min(size * 2, MACHINE_LIMITS.listQueryBatchMax, remaining);
          pending = read({ after: { value: orderValue(last, spec.order.column), id: last.id }, offset: 0, size });
        };
        const more = rows.length === size && remaining > 0;
        // Read ahead from the second batch on: a client that takes the first
        // message and goes (many do) costs no query it does not use, and
        // many streams starting at once do not crowd the pool.
        const readAhead = more && !first;
        first = false;
        if (readAhead) readNext();
        yield { machines: rows.map(machineView), readAt: parseLsn(last.read_at) };
        if (more && !readAhead && !signal.aborted) readNext();
      }
    } finally {
      // A read ahead the consumer no longer wants: let it finish, so its
      // connection is back in the pool when the call ends.
      await pending;
    }
  }

  private async insertCurrentKey(machineId: string, now: Date): Promise<string> {
    const secretKey = newSecret(SECRET_PREFIX.machine);
    await this.db.insert(MachineSecretKey, {
      id: newSortableId(ID_PREFIX.machineSecretKey, now),
      machineId,
      keyHash: hashSecret(secretKey),
      sealedKey: this.secrets.seal(secretKey, machineId),
      status: "current",
      expireTime: null,
      createTime: now,
    });
    return secretKey;
  }

  private async requireMachine(instanceId: string, id: string): Promise<void> {
    if ((await this.db.count(Machine, { instanceId, id })) === 0) throw new NotFoundError("machine", id);
  }

  /**
   * lockMachine serialises changes to one machine's keys and call grants. FOR NO KEY
   * UPDATE, not FOR UPDATE: a token being minted meanwhile holds the key row
   * and, inserting, needs FOR KEY SHARE on the machine (its foreign key); a
   * FOR UPDATE here would deadlock with it in a rotation.
   */
  private async lockMachine(instanceId: string, id: string): Promise<void> {
    const rows = await this.db.execute("select id from machine where instance_id = ? and id = ? for no key update", [
      instanceId,
      id,
    ]);
    if (rows.length === 0) throw new NotFoundError("machine", id);
  }
}

/** machineView turns a MACHINE_SELECT row into a MachineView. */
function machineView(row: MachineWithCalleesRow): MachineView {
  const callees = row.callees === null ? [] : (JSON.parse(row.callees) as CalleeTuple[]);
  return {
    ...machineFields(row),
    callees: callees.map(([id, name, ttl, createTime, updateTime]) => ({
      id,
      instanceId: row.instance_id,
      name,
      defaultTokenTtlSeconds: ttl,
      createTime: new Date(createTime),
      updateTime: new Date(updateTime),
    })),
  };
}

function machineFields(row: MachineRow): CalleeView {
  return {
    id: row.id,
    instanceId: row.instance_id,
    name: row.name,
    defaultTokenTtlSeconds: Number(row.default_token_ttl_seconds),
    createTime: new Date(row.create_time),
    updateTime: new Date(row.update_time),
  };
}

/**
 * cutTokenLifetimes makes the tokens minted with the machine's key in `status`
 * expire by `until`; their update_time is `now`, the time of the change.
 */
async function cutTokenLifetimes(
  db: Db,
  machineId: string,
  status: "current" | "previous",
  until: Date,
  now: Date,
): Promise<void> {
  await db.execute(
    `update machine_token set expire_time = ?, update_time = ?
     where minted_with_key_id in (select id from machine_secret_key where machine_id = ? and status = ?)
       and expire_time > ?`,
    [until, now, machineId, status, until],
  );
}

/**
 * readMachineBatch runs one ListMachines batch query on `db`: up to `size`
 * machines of the instance matching `spec`'s query, in its order, after the
 * keyset position `after` (skipping `offset` first), each with its callees —
 * one round trip per batch.
 */
export function readMachineBatch(
  db: Db,
  instanceId: string,
  spec: Pick<MachineListSpec, "query" | "order">,
  batch: { after: { value: string; id: string } | undefined; offset: number; size: number },
): Promise<MachineWithCalleesRow[]> {
  const { column, descending } = spec.order;
  const direction = descending ? "desc" : "asc";
  const filter = queryFilter(spec.query);
  const { after } = batch;
  const keyset = after ? ` and (${column}, id) ${descending ? "<" : ">"} (?, ?)` : "";
  return db.execute<MachineWithCalleesRow[]>(
    `${MACHINE_SELECT} where instance_id = ?${filter.sql}${keyset}
     order by ${column} ${direction}, id ${direction} limit ? offset ?`,
    [instanceId, ...filter.params, ...(after ? [after.value, after.id] : []), batch.size, batch.offset],
  );
}

/** queryFilter: exact id, or a case-insensitive substring of the name (LIKE wildcards escaped). */
function queryFilter(query: string): { sql: string; params: string[] } {
  if (query === "") return { sql: "", params: [] };
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { sql: " and (id = ? or name ilike ? escape '\\')", params: [query, pattern] };
}

function orderValue(row: MachineRow, column: MachineOrderKey["column"]): string {
  return column === "name" ? row.name : new Date(row.create_time).toISOString();
}
