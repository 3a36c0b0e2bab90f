import { type Lsn, parseLsn } from "../domain/consistency.js";
import { NotFoundError } from "../domain/errors.js";
import type { Db } from "./orm.js";
import { checkRows } from "./scope-check-batch.js";
import { ScopeStore } from "./scope-store.js";
import { type GrantView, SCOPE_SELECT, type ScopeView, toScope } from "./scope-views.js";

/** ScopeCheckRepository answers permission checks and lists where a subject holds a permission. */
export class ScopeCheckRepository extends ScopeStore {
  protected withDb(db: Db): this {
    return new ScopeCheckRepository(db) as this;
  }

  /**
   * check answers "does the subject hold the permission in the scope", with
   * the grants that say why, and the log position it was read at (at or
   * past every change the answer reflects), in one database round trip
   * (shared with the checks of concurrent calls: see checkRows).
   */
  async check(
    instanceId: string,
    subjectId: string,
    scopeId: string,
    permission: string,
  ): Promise<{ allowed: boolean; grants: GrantView[]; readAt: Lsn }> {
    const rows = await checkRows(this.db, [instanceId, subjectId, scopeId, permission]);
    if (rows.length === 0) throw new NotFoundError("scope", scopeId);
    if (rows[0]?.subject_found !== true) {
      throw new NotFoundError(subjectId.startsWith("mch_") ? "machine" : "subject", subjectId);
    }
    const grants = rows
      .filter((row) => row.grant_role_id !== null)
      .map((row) => ({
        scopeId: String(row.grant_scope_id),
        roleId: String(row.grant_role_id),
        permission: String(row.grant_pattern),
        distance: Number(row.grant_distance),
      }));
    return { allowed: grants.length > 0, grants, readAt: parseLsn(String(rows[0]?.read_position)) };
  }

  /**
   * subjectScopesAfter returns, by id, up to `size` scopes with ids after
   * `after` where the subject holds the permission: each scope holding a
   * matching membership and each descendant it flows down to. One batch of
   * a stream; each batch is one query, so each may run on another server.
   */
  async subjectScopesAfter(
    instanceId: string,
    subjectId: string,
    permission: string,
    after: string,
    size: number,
  ): Promise<ScopeView[]> {
    const rows = await this.rows(
      `${SCOPE_SELECT} where s.instance_id = ? and s.id > ? and s.id in (
          select a.scope_id from membership_role mr
          join role_permission rp on rp.instance_id = mr.instance_id and rp.role_id = mr.role_id
          join scope_ancestor a on a.instance_id = mr.instance_id and a.ancestor_id = mr.scope_id and a.effective
          where mr.instance_id = ? and mr.subject_id = ? and ?::text like rp.like_pattern)
        order by s.id limit ?`,
      [instanceId, after, instanceId, subjectId, permission, size],
    );
    return rows.map(toScope);
  }
}
