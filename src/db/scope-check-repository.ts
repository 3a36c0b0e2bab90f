import { type Lsn, parseLsn } from "../domain/consistency.js";
import { NotFoundError } from "../domain/errors.js";
import type { Db } from "./orm.js";
import { ScopeStore } from "./scope-store.js";
import { type GrantView, SCOPE_SELECT, type ScopeView, toScope } from "./scope-views.js";
import { POSITION_SQL } from "./wal-position.js";

/**
 * CHECK_SQL answers CheckPermission in one statement with the function
 * `scope_check` (see the migration): the scope's effective ancestors (itself
 * up to the nearest DEFINE scope) from the closure table, the subject's
 * memberships there, and their roles' patterns that match. `read_position`
 * is how far the server answering (primary or standby) had got when it
 * answered (POSITION_SQL): at or past every change the answer reflects.
 */
const CHECK_SQL = `select c.*, ${POSITION_SQL} as read_position from scope_check(?, ?, ?, ?) c`;

/** ScopeCheckRepository answers permission checks and lists where a subject holds a permission. */
export class ScopeCheckRepository extends ScopeStore {
  protected withDb(db: Db): this {
    return new ScopeCheckRepository(db) as this;
  }

  /**
   * check answers "does the subject hold the permission in the scope", with
   * the grants that say why, and the log position it was read at (at or
   * past every change the answer reflects), in one database round trip.
   */
  async check(
    instanceId: string,
    subjectId: string,
    scopeId: string,
    permission: string,
  ): Promise<{ allowed: boolean; grants: GrantView[]; readAt: Lsn }> {
    const rows = await this.rows(CHECK_SQL, [instanceId, subjectId, scopeId, permission]);
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
