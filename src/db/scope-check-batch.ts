import type { IDatabaseDriver } from "@mikro-orm/core";
import type pg from "pg";
import type { Db } from "./orm.js";
import { type PreparedStatement, poolOf, poolRows, preparedStatement } from "./prepared-statement.js";
import type { Row } from "./scope-views.js";
import { POSITION_SQL } from "./wal-position.js";

/** CheckParams are one check's parameters: instance, subject, scope, permission. */
export type CheckParams = [instanceId: string, subjectId: string, scopeId: string, permission: string];

/**
 * CHECK answers one check with the function `scope_check` (see the
 * migration): the scope's effective ancestors (itself up to the nearest
 * DEFINE scope) from the closure table, the subject's memberships there, and
 * their roles' patterns that match; no row when the scope does not exist.
 * `read_position` is how far the server answering (primary or standby) had
 * got when it answered (POSITION_SQL): at or past every change the answer
 * reflects, since the statement's snapshot was taken before it.
 */
const CHECK = preparedStatement(
  "latchkey_scope_check",
  `select c.*, ${POSITION_SQL} as read_position from scope_check(?, ?, ?, ?) c`,
);

/**
 * CHECK_BATCH answers several checks in one statement: CHECK's rows for each,
 * tagged with the check's place `n` (from 1), in order. One statement has one
 * snapshot, taken when it starts, after every check in it was asked: each
 * answer sees every commit made before its own call began.
 */
const CHECK_BATCH = preparedStatement(
  "latchkey_scope_check_batch",
  `select b.n, c.*, ${POSITION_SQL} as read_position
     from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as b(instance_id, subject_id, scope_id, permission, n)
     join lateral scope_check(b.instance_id, b.subject_id, b.scope_id, b.permission) with ordinality as c on true
     order by b.n, c.ordinality`,
);

/** CHECK_BATCH_MAX is the most checks one CHECK_BATCH statement answers. */
const CHECK_BATCH_MAX = 100;

/**
 * CHECK_STATEMENTS_IN_FLIGHT is how many check statements one pool runs at
 * once; checks asked meanwhile wait and go together in the next one.
 */
const CHECK_STATEMENTS_IN_FLIGHT = 2;

type Waiting = { params: CheckParams; resolve: (rows: Row[]) => void; reject: (error: unknown) => void };

/**
 * CheckBatcher sends the checks of concurrent calls to one PostgreSQL pool
 * together: a check asked while CHECK_STATEMENTS_IN_FLIGHT statements are
 * running, or in the same turn of the event loop as others, goes in one
 * CHECK_BATCH statement with them. Under load a round trip (the socket
 * write and read, the driver's parsing, the pool) is paid per batch instead
 * of per call; one call alone goes at once, as CHECK. If PostgreSQL refuses
 * a value in a batch (a data exception), each of its checks is asked again
 * on its own, so the value one caller sent fails that call only; any other
 * failure is every check's.
 */
class CheckBatcher {
  #waiting: Waiting[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(
    private readonly driver: IDatabaseDriver,
    private readonly pool: pg.Pool,
  ) {}

  rows(params: CheckParams): Promise<Row[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ params, resolve, reject });
      this.#schedule();
    });
  }

  /** #schedule sends what waits once this turn of the event loop has asked its checks, if a statement may start. */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= CHECK_STATEMENTS_IN_FLIGHT || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const batch = this.#waiting.splice(0, CHECK_BATCH_MAX);
      this.#inFlight++;
      void this.#answer(batch).finally(() => {
        this.#inFlight--;
        this.#schedule();
      });
      this.#schedule();
    });
  }

  async #answer(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const rows = await this.#query(
          CHECK_BATCH,
          [0, 1, 2, 3].map((i) => batch.map((check) => check.params[i])),
        );
        const answers = batch.map((): Row[] => []);
        for (const row of rows) answers[Number(row.n) - 1]?.push(row);
        for (const [i, check] of batch.entries()) check.resolve(answers[i] ?? []);
        return;
      } catch (error) {
        // A value PostgreSQL refused (SQLSTATE class 22) is one caller's: answered one by one below, it
        // fails that call only. Anything else (unreachable, timed out) is what each check would meet alone.
        const code = (error as { code?: unknown }).code;
        if (typeof code !== "string" || !code.startsWith("22")) {
          for (const check of batch) check.reject(error);
          return;
        }
      }
    }
    await Promise.all(batch.map((check) => this.#query(CHECK, check.params).then(check.resolve, check.reject)));
  }

  #query(statement: PreparedStatement, params: unknown[]): Promise<Row[]> {
    return poolRows<Row>(this.driver, this.pool, statement, params);
  }
}

const batchers = new WeakMap<pg.Pool, CheckBatcher>();

/**
 * checkRows answers one check on `db`'s server: CHECK's rows (none when the
 * scope does not exist). On PostgreSQL outside a transaction it goes through
 * the pool's CheckBatcher; inside a transaction and on PGlite, as CHECK.
 */
export async function checkRows(db: Db, params: CheckParams): Promise<Row[]> {
  const pool = await poolOf(db);
  if (pool === undefined) return db.execute<Row[]>(CHECK.sql, params);
  let batcher = batchers.get(pool);
  if (batcher === undefined) {
    batcher = new CheckBatcher(db.getDriver(), pool);
    batchers.set(pool, batcher);
  }
  return batcher.rows(params);
}
