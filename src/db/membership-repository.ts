import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from "../domain/errors.js";
import type { Db } from "./orm.js";
import { ScopeStore } from "./scope-store.js";
import { MEMBERSHIP_SELECT, type MembershipView, type Page, page, toMembership } from "./scope-views.js";

/**
 * MembershipRepository stores memberships (a subject in a scope) and the
 * roles they hold, each role usable only at the scope where it is defined or
 * below.
 */
export class MembershipRepository extends ScopeStore {
  protected withDb(db: Db): this {
    return new MembershipRepository(db) as this;
  }

  /** createMembership gives a subject roles in a scope. */
  async createMembership(
    instanceId: string,
    scopeId: string,
    subjectId: string,
    roleIds: string[],
  ): Promise<MembershipView> {
    return this.inTransaction(async (repo) => {
      await repo.lockTree(instanceId, "shared");
      await repo.getScope(instanceId, scopeId);
      await repo.insertMembership(instanceId, scopeId, subjectId, roleIds);
      return repo.getMembership(instanceId, scopeId, subjectId);
    });
  }

  /** insertMembership adds a subject to a scope with roles; the caller holds the transaction and tree lock. */
  async insertMembership(instanceId: string, scopeId: string, subjectId: string, roleIds: string[]): Promise<void> {
    await this.requireSubject(instanceId, subjectId);
    const exists = await this.rows(
      "select 1 from membership where instance_id = ? and scope_id = ? and subject_id = ?",
      [instanceId, scopeId, subjectId],
    );
    if (exists.length > 0) {
      throw new AlreadyExistsError(`subject ${subjectId} is already a member of scope ${scopeId}`, "MEMBERSHIP_EXISTS");
    }
    await this.requireUsableRoles(instanceId, scopeId, roleIds);
    const now = new Date();
    await this.rows(
      "insert into membership (instance_id, scope_id, subject_id, create_time, update_time) values (?, ?, ?, ?, ?)",
      [instanceId, scopeId, subjectId, now, now],
    );
    await this.insertMembershipRoles(instanceId, scopeId, subjectId, roleIds);
  }

  private async insertMembershipRoles(
    instanceId: string,
    scopeId: string,
    subjectId: string,
    roleIds: string[],
  ): Promise<void> {
    if (roleIds.length === 0) return;
    await this.rows(
      `insert into membership_role (instance_id, scope_id, subject_id, role_id)
        select ?, ?, ?, jsonb_array_elements_text(?::jsonb)`,
      [instanceId, scopeId, subjectId, JSON.stringify(roleIds)],
    );
  }

  /** Every role exists and is defined for the instance or at the scope or one of its ancestors. */
  private async requireUsableRoles(instanceId: string, scopeId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length === 0) return;
    const rows = await this.rows(
      `select r.id, r.scope_id, (r.scope_id is null or exists (select 1 from scope_ancestor a
          where a.instance_id = r.instance_id and a.scope_id = ? and a.ancestor_id = r.scope_id)) as usable
        from role r where r.instance_id = ? and r.id in (select jsonb_array_elements_text(?::jsonb))`,
      [scopeId, instanceId, JSON.stringify(roleIds)],
    );
    const found = new Map(rows.map((row) => [String(row.id), row]));
    for (const roleId of roleIds) {
      const row = found.get(roleId);
      if (row === undefined) throw new NotFoundError("role", roleId);
      if (row.usable !== true) {
        throw new FailedPreconditionError(
          `role ${roleId} is defined at scope ${String(row.scope_id)}, which is not scope ${scopeId} or one of its ancestors`,
          "ROLE_NOT_USABLE_HERE",
        );
      }
    }
  }

  /** getMembership returns one membership with its roles. */
  async getMembership(instanceId: string, scopeId: string, subjectId: string): Promise<MembershipView> {
    const [row] = await this.rows(
      `${MEMBERSHIP_SELECT} where m.instance_id = ? and m.scope_id = ? and m.subject_id = ?`,
      [instanceId, scopeId, subjectId],
    );
    if (row === undefined) throw new NotFoundError("membership", `${scopeId}/${subjectId}`);
    return toMembership(row);
  }

  /** updateMembership replaces the roles of a membership. */
  async updateMembership(
    instanceId: string,
    scopeId: string,
    subjectId: string,
    roleIds: string[],
  ): Promise<MembershipView> {
    return this.inTransaction(async (repo) => {
      await repo.lockTree(instanceId, "shared");
      await repo.getMembership(instanceId, scopeId, subjectId);
      await repo.requireUsableRoles(instanceId, scopeId, roleIds);
      await repo.rows("delete from membership_role where instance_id = ? and scope_id = ? and subject_id = ?", [
        instanceId,
        scopeId,
        subjectId,
      ]);
      await repo.insertMembershipRoles(instanceId, scopeId, subjectId, roleIds);
      await repo.rows(
        "update membership set update_time = ? where instance_id = ? and scope_id = ? and subject_id = ?",
        [new Date(), instanceId, scopeId, subjectId],
      );
      return repo.getMembership(instanceId, scopeId, subjectId);
    });
  }

  /** deleteMembership removes a subject from a scope. */
  async deleteMembership(instanceId: string, scopeId: string, subjectId: string): Promise<void> {
    const deleted = await this.rows(
      "delete from membership where instance_id = ? and scope_id = ? and subject_id = ? returning scope_id",
      [instanceId, scopeId, subjectId],
    );
    if (deleted.length === 0) throw new NotFoundError("membership", `${scopeId}/${subjectId}`);
  }

  /** listMemberships pages the members of a scope (by subject) or the memberships of a subject (by scope). */
  async listMemberships(
    instanceId: string,
    by: { scopeId: string } | { subjectId: string },
    size: number,
    after: string | undefined,
  ): Promise<Page<MembershipView>> {
    const [column, key, value] =
      "scopeId" in by ? ["scope_id", "subject_id", by.scopeId] : ["subject_id", "scope_id", by.subjectId];
    const rows = await this.rows(
      `${MEMBERSHIP_SELECT} where m.instance_id = ? and m.${column} = ? and m.${key} > ? order by m.${key} limit ?`,
      [instanceId, value, after ?? "", size + 1],
    );
    return page(rows.map(toMembership), size, (m) => ["scopeId" in by ? m.subjectId : m.scopeId]);
  }
}
