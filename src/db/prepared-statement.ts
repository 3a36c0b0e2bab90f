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
 * usePreparedStatements lets poolOf find `connection`'s own `pg` pool, for
 * named statements (poolRows), which `pool` returns once connected
 * (openDatabase calls it for PostgreSQL; embedded PGlite, in process, has no
 * wire to save and keeps the ordinary path). Nothing connects until a
 * statement is sent, so a server starts while a standby is unreachable.
 */
export function usePreparedStatements(connection: Connection, pool: () => Promise<pg.Pool>): void {
  pools.set(connection, pool);
}

/**
 * poolOf is the `pg` pool to send `db`'s named statements on (poolRows),
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
