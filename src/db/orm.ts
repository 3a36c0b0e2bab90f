import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { MikroORM } from "@mikro-orm/core";
import { Migrator } from "@mikro-orm/migrations";
import type { PgliteConnection } from "@mikro-orm/pglite";
import type { PostgreSqlConnection } from "@mikro-orm/postgresql";
import type { SqlEntityManager } from "@mikro-orm/sql";
import pg from "pg";
import { AbandonedCallGuard } from "./call-signal.js";
import { ENTITIES } from "./entities.js";
import { Migration20261123000000 } from "./migrations/Migration20261123000000.js";
import { Migration20261123010000 } from "./migrations/Migration20261123010000.js";
import { Migration20261123020000 } from "./migrations/Migration20261123020000.js";
import { Migration20261123030000 } from "./migrations/Migration20261123030000.js";
import { Migration20261123040000 } from "./migrations/Migration20261123040000.js";
import { Migration20261130130000 } from "./migrations/Migration20261130130000.js";
import { usePreparedStatements } from "./prepared-statement.js";

/** Db is the entity manager type every repository takes: a per-call fork. */
export type Db = SqlEntityManager;

/**
 * DbSource is an entity manager, or how to get the call's one when it is
 * first needed (forkOnFirstUse). The repositories on the paths the caches
 * answer (keys, tokens) take one, so that a call answered from the caches
 * never forks: MikroORM's fork costs about 2 µs and a dozen Maps and Sets
 * (and writes process.env twice, in Configuration.sync).
 */
export type DbSource = Db | (() => Db);

/** dbOf is the entity manager of `source`, forking it if this is its first use. */
export function dbOf(source: DbSource): Db {
  return typeof source === "function" ? source() : source;
}

/** forkOnFirstUse gives a call's entity manager: forked from `database` the first time it is asked for, the same one after. */
export function forkOnFirstUse(database: Database): () => Db {
  let db: Db | undefined;
  return () => {
    db ??= database.fork();
    return db;
  };
}

/**
 * Where the data lives: a PostgreSQL URL, or a PGlite directory (`memory://` for a throw-away one),
 * optionally starting from `initialData`, an archive of another one (PGlite's dumpDataDir()).
 */
export type DatabaseLocation = { url: string } | { pgliteDir: string; initialData?: Blob };

/** Database wraps the ORM so the rest of the server only sees forks and close. */
export type Database = {
  readonly orm: MikroORM;
  /** fork gives a fresh entity manager with its own identity map, one per call. */
  fork(): Db;
  /**
   * migrate applies the committed migrations that have not run yet. On
   * PostgreSQL one process at a time: replicas starting together wait for the
   * first, then find nothing left to do.
   */
  migrate(): Promise<void>;
  /**
   * exclusively runs `work` while no other process runs work under the same
   * `lockName`: a PostgreSQL advisory lock, held on a connection of its own,
   * so replicas starting together take turns. Embedded PGlite has one owner
   * (the data directory's lock), so there it just runs `work`.
   */
  exclusively<T>(lockName: string, work: () => Promise<T>): Promise<T>;
  /**
   * listen subscribes to a NOTIFY channel on a connection of its own.
   * `onLost` is called if that connection fails: notifications may have been
   * missed from then on. The returned function unsubscribes.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onLost: (error: Error) => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/** CONNECT_TIMEOUT_MS bounds opening a PostgreSQL connection (documented in the README). */
export const CONNECT_TIMEOUT_MS = 5_000;
/** QUERY_TIMEOUT_MS bounds one query on the client side, so a dead connection cannot hold a call. */
export const QUERY_TIMEOUT_MS = 30_000;

/**
 * EMBEDDED_SHARED_BUFFERS is embedded PostgreSQL's buffer cache. PostgreSQL's default, 128MB, keeps
 * about 140 MiB more of this process resident (`npm run bench:start`); the data files stay in the
 * operating system's cache either way. Larger data belongs on PostgreSQL.
 */
const EMBEDDED_SHARED_BUFFERS = "16MB";

/** MIGRATIONS lists the committed migrations, oldest first. */
const MIGRATIONS = [
  { name: "Migration20261123000000", class: Migration20261123000000 },
  { name: "Migration20261123010000", class: Migration20261123010000 },
  { name: "Migration20261123020000", class: Migration20261123020000 },
  { name: "Migration20261123030000", class: Migration20261123030000 },
  { name: "Migration20261123040000", class: Migration20261123040000 },
  { name: "Migration20261130130000", class: Migration20261130130000 },
];

/**
 * openDatabase connects to PostgreSQL or opens embedded PGlite. It does not
 * migrate: the server and `npx latchkey migrate` call migrate() explicitly.
 * `poolMax` bounds the PostgreSQL connection pool (LATCHKEY_DB_POOL_MAX, default 10).
 */
export async function openDatabase(location: DatabaseLocation, poolMax = 10): Promise<Database> {
  const common = {
    entities: ENTITIES,
    subscribers: [new AbandonedCallGuard()],
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, silent: true, snapshot: false },
    discovery: { warnWhenNoEntities: false },
    debug: false,
    allowGlobalContext: false,
  };
  // Each driver is loaded only where it is used: a server on PostgreSQL never loads embedded PostgreSQL.
  let orm: MikroORM;
  if ("url" in location) {
    const { PostgreSqlDriver } = await import("@mikro-orm/postgresql");
    orm = await MikroORM.init({
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: location.url,
      pool: { min: 0, max: poolMax },
      // Fail fast when PostgreSQL is unreachable instead of queueing calls
      // forever: a new connection gets CONNECT_TIMEOUT_MS, a query
      // QUERY_TIMEOUT_MS; either failure reaches the client as Unavailable.
      driverOptions: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, keepAlive: true },
    });
    const connection = orm.em.getConnection() as unknown as PostgreSqlConnection;
    usePreparedStatements(connection, () => connection.getNativeClient());
  } else {
    if (!location.pgliteDir.startsWith("memory:")) mkdirSync(location.pgliteDir, { recursive: true });
    const [{ PGlite }, { PgliteDriver }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("@mikro-orm/pglite"),
    ]);
    orm = await MikroORM.init({
      ...common,
      driver: PgliteDriver,
      dbName: location.pgliteDir,
      // A function, so MikroORM hands PGlite the Blob itself rather than a copy of its fields.
      driverOptions: () => ({
        loadDataDir: location.initialData,
        startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
      }),
    });
  }
  const exclusively = <T>(lockName: string, work: () => Promise<T>): Promise<T> =>
    "url" in location ? whileHoldingAdvisoryLock(location.url, lockName, work) : work();
  return {
    orm,
    fork: () => orm.em.fork() as SqlEntityManager,
    migrate: async () => {
      await exclusively("latchkey migrations", () => orm.migrator.up());
    },
    exclusively,
    listen: "url" in location ? listenOnPostgres(location.url) : listenOnPglite(orm),
    close: () => orm.close(true),
  };
}

/**
 * whileHoldingAdvisoryLock runs `work` holding the PostgreSQL advisory lock
 * named `lockName` on a connection of its own. MikroORM's migrator takes no
 * lock, and replicas started together would otherwise apply the same
 * migration at once, all but one failing (`duplicate key value violates
 * unique constraint`), or each create a first instance. Ending the session
 * releases the lock, even if `work` throws.
 */
async function whileHoldingAdvisoryLock<T>(url: string, lockName: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: lockName });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext($1))", [lockName]);
    return await work();
  } finally {
    await client.end();
  }
}

/**
 * listenApplicationName names a process's LISTEN connection in pg_stat_activity
 * (`latchkey listen <pid>@<host>`), so an operator can tell each replica's
 * listener apart from its pool.
 */
export function listenApplicationName(pid: number = process.pid, host: string = hostname()): string {
  return `latchkey listen ${pid}@${host}`;
}

/**
 * The LISTEN connection is probed every LISTEN_HEARTBEAT_MS with a query that
 * must answer within LISTEN_HEARTBEAT_TIMEOUT_MS: a connection that died
 * without a word (a dropped NAT entry, a black-holed route) delivers no
 * notifications and reports no error, so without the probe the cache would
 * stay on and stale until TCP gave up, hours later.
 */
export const LISTEN_HEARTBEAT_MS = 5_000;
/** LISTEN_HEARTBEAT_TIMEOUT_MS: see LISTEN_HEARTBEAT_MS. */
export const LISTEN_HEARTBEAT_TIMEOUT_MS = 2_000;

function listenOnPostgres(url: string): Database["listen"] {
  return async (channel, onMessage, onLost) => {
    const client = new pg.Client({
      connectionString: url,
      application_name: listenApplicationName(),
      keepAlive: true,
      query_timeout: LISTEN_HEARTBEAT_TIMEOUT_MS,
    });
    let heartbeat: NodeJS.Timeout | undefined;
    let done = false;
    // Reports the loss once and lets the connection go; the caller listens again on a new one.
    const lost = (error: Error) => {
      if (done) return;
      done = true;
      clearInterval(heartbeat);
      client.removeAllListeners("notification");
      client.removeAllListeners("end");
      onLost(error);
      client.end().catch(() => undefined);
    };
    client.on("notification", (message) => {
      if (message.channel === channel) onMessage(message.payload ?? "");
    });
    client.on("error", lost);
    client.on("end", () => lost(new Error("the LISTEN connection ended")));
    await client.connect();
    await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    heartbeat = setInterval(() => {
      client
        .query("select 1")
        .catch((error: Error) => lost(new Error(`the LISTEN connection stopped answering: ${error.message}`)));
    }, LISTEN_HEARTBEAT_MS);
    heartbeat.unref();
    return async () => {
      done = true;
      clearInterval(heartbeat);
      client.removeAllListeners("end");
      await client.end();
    };
  };
}

function listenOnPglite(orm: MikroORM): Database["listen"] {
  return async (channel, onMessage) => {
    const connection = orm.em.getConnection() as unknown as PgliteConnection;
    const pglite = await connection.getNativeClient();
    const unsubscribe = await pglite.listen(channel, onMessage);
    return async () => {
      await unsubscribe();
    };
  };
}

/** embeddedDatabaseDir is where PGlite keeps its files inside the data directory. */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, "pgdata");
}
