import { NotFoundError } from "../domain/errors.js";
import type { Db } from "./orm.js";
import { type Row, SCOPE_SELECT, type ScopeView, toScope } from "./scope-views.js";

/** The subject exists: a subject row, or a machine for `mch_` ids. */
const SUBJECT_EXISTS = `(case when ?::text like 'mch\\_%'
  then exists (select 1 from machine where instance_id = ? and id = ?)
  else exists (select 1 from subject where instance_id = ? and id = ?) end)`;

/**
 * ScopeStore is what the scope repositories share: raw SQL on the call's
 * entity manager, the per-instance tree lock, and the existence checks every
 * aggregate needs (a scope, a subject, a list of ids). Every method takes the
 * caller's instance id; a foreign id is NotFound.
 *
 * The tree is stored twice: `scope.parent_id`, and the closure table
 * `scope_ancestor` (every scope with each ancestor-or-self, the distance and
 * whether permissions flow down that far), which makes a check one indexed
 * query whatever the depth. Changes of the tree's shape take the instance's
 * advisory lock (lockTree): moves, deletes and new type rules exclusively,
 * creates and memberships shared, so concurrent moves cannot make a cycle and
 * the closure table never goes stale.
 */
export abstract class ScopeStore {
  constructor(protected readonly db: Db) {}

  /** withDb is the same repository on another entity manager (a transaction's). */
  protected abstract withDb(db: Db): this;

  protected async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.db.execute<Row[]>(sql, params);
  }

  protected async lockTree(instanceId: string, mode: "shared" | "exclusive"): Promise<void> {
    const lock = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
    await this.rows(`select ${lock}(hashtextextended(?, 0))`, [`latchkey.scope_tree:${instanceId}`]);
  }

  protected inTransaction<T>(work: (repo: this) => Promise<T>): Promise<T> {
    return this.db.transactional((db) => work(this.withDb(db)));
  }

  /** getScope returns one scope. */
  async getScope(instanceId: string, id: string): Promise<ScopeView> {
    const [row] = await this.rows(`${SCOPE_SELECT} where s.instance_id = ? and s.id = ?`, [instanceId, id]);
    if (row === undefined) throw new NotFoundError("scope", id);
    return toScope(row);
  }

  /** requireSubject is NotFound for an unknown subject, or an unknown machine for a `mch_` id. */
  async requireSubject(instanceId: string, subjectId: string): Promise<void> {
    const [row] = await this.rows(`select ${SUBJECT_EXISTS} as found`, [
      subjectId,
      instanceId,
      subjectId,
      instanceId,
      subjectId,
    ]);
    if (row?.found !== true) throw new NotFoundError(subjectId.startsWith("mch_") ? "machine" : "subject", subjectId);
  }

  /** Every id exists in `table` of the instance, or NotFound names the first missing one. */
  protected async requireAll(resource: string, table: string, instanceId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.rows(
      `select id from ${table} where instance_id = ? and id in (select jsonb_array_elements_text(?::jsonb))`,
      [instanceId, JSON.stringify(ids)],
    );
    const found = new Set(rows.map((row) => String(row.id)));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError(resource, missing);
  }
}
