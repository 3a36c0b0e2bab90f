import type { Connection, IDatabaseDriver } from "@mikro-orm/core";
import type pg from "pg";
import type { Db } from "./orm.js";

/**
 * PreparedStatement is a read run so often that PostgreSQL should parse and
 * plan it once per connection instead of once per call: a `name` unique in
 * the process, its SQL with `?` for each parameter (as the entity manager
 * takes it), and the same with `$1`, `$2`… (as PostgreSQL takes it). Its
 * result columns must not change while a server runs: PostgreSQL refuses to
 * run a prepared statement whose result type changed (`cached plan must not
 * change result type`), so a migration that changes them needs the servers
 * restarted.
 */
export type PreparedStatement = { readonly name: string; readonly sql: string; readonly text: string };

/**
 * preparedStatement names `sql`, whose only `?` characters are its
 * parameters (no jsonb `?` operators, no `?` in literals).
 */
export function preparedStatement(name: string, sql: string): PreparedStatement {
  let parameter = 0;
  return { name, sql, text: sql.replace(/\?/g, () => `$${++parameter}`) };
}

/** How to reach the `pg` pool behind each PostgreSQL database's MikroORM connection (see usePreparedStatements). */
const pools = new WeakMap<Connection, () => Promise<pg.Pool>>();

/**
 * usePreparedStatements lets preparedRows send statements on `connection`'s
 * own `pg` pool, which `pool` returns once connected (openDatabase calls it
 * for PostgreSQL; embedded PGlite, in process, has no wire to save and keeps
 * the ordinary path). Nothing connects until a statement is sent, so a
 * server starts while a standby is unreachable.
 */
export function usePreparedStatements(connection: Connection, pool: () => Promise<pg.Pool>): void {
  pools.set(connection, pool);
}

/**
 * preparedRows runs `statement` with `params` on `db` and returns its rows.
 * On PostgreSQL, outside a transaction, it is a named statement on the
 * entity manager's own pool: the first call on a connection parses it, later
 * ones send only the parameters, and none of MikroORM's query formatting
 * runs. A failure is converted as MikroORM converts its own (DriverException
 * and its kinds), so it maps to the client's error as any query's does.
 * Inside a transaction, or on PGlite, it runs through the entity manager (on
 * the transaction's connection, if any).
 */
export async function preparedRows<R extends pg.QueryResultRow = Record<string, unknown>>(
  db: Db,
  statement: PreparedStatement,
  params: unknown[],
): Promise<R[]> {
  const pool = await poolOf(db);
  if (pool === undefined) return db.execute<R[]>(statement.sql, params);
  return poolRows(db.getDriver(), pool, statement, params);
}

/**
 * poolOf is the `pg` pool preparedRows would send `db`'s statements on,
 * connecting it if need be (a failure converted as MikroORM converts its
 * own): undefined inside a transaction (its statements belong on its
 * connection) and on PGlite.
 */
export async function poolOf(db: Db): Promise<pg.Pool | undefined> {
  const pool = db.isInTransaction() ? undefined : pools.get(db.getConnection());
  try {
    return await pool?.();
  } catch (error) {
    throw error instanceof Error ? db.getDriver().convertException(error) : error;
  }
}

/** poolRows runs `statement` on `pool` by name, converting a failure as `driver` (MikroORM's) converts its own. */
export async function poolRows<R extends pg.QueryResultRow>(
  driver: IDatabaseDriver,
  pool: pg.Pool,
  statement: PreparedStatement,
  params: unknown[],
): Promise<R[]> {
  try {
    return (await pool.query<R>({ name: statement.name, text: statement.text, values: params })).rows;
  } catch (error) {
    throw error instanceof Error ? driver.convertException(error) : error;
  }
}
