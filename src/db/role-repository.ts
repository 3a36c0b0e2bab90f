import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from "../domain/errors.js";
import { likePattern } from "../domain/scope-rules.js";
import type { Db } from "./orm.js";
import { ScopeStore } from "./scope-store.js";
import { type Page, page, ROLE_SELECT, type RoleView, toRole } from "./scope-views.js";

/** RoleRepository stores roles and the permission patterns they grant (with their LIKE forms for checks). */
export class RoleRepository extends ScopeStore {
  protected withDb(db: Db): this {
    return new RoleRepository(db) as this;
  }

  /** createRole stores a role for the instance or at a scope. */
  async createRole(
    instanceId: string,
    input: { id: string; name: string; permissions: string[]; scopeId: string | undefined },
  ): Promise<RoleView> {
    return this.inTransaction(async (repo) => {
      if ((await repo.rows("select 1 from role where instance_id = ? and id = ?", [instanceId, input.id])).length) {
        throw new AlreadyExistsError(`role ${input.id} already exists`, "ROLE_EXISTS");
      }
      if (input.scopeId !== undefined) await repo.getScope(instanceId, input.scopeId);
      const now = new Date();
      await repo.rows(
        `insert into role (instance_id, id, name, permissions, scope_id, create_time, update_time)
          values (?, ?, ?, ?::jsonb, ?, ?, ?)`,
        [instanceId, input.id, input.name, JSON.stringify(input.permissions), input.scopeId ?? null, now, now],
      );
      await repo.insertRolePermissions(instanceId, input.id, input.permissions);
      return repo.getRole(instanceId, input.id);
    });
  }

  private async insertRolePermissions(instanceId: string, roleId: string, permissions: string[]): Promise<void> {
    await this.rows(
      `insert into role_permission (instance_id, role_id, pattern, like_pattern)
        select ?, ?, p.pattern, p.like_pattern from jsonb_to_recordset(?::jsonb) as p(pattern text, like_pattern text)`,
      [
        instanceId,
        roleId,
        JSON.stringify(permissions.map((pattern) => ({ pattern, like_pattern: likePattern(pattern) }))),
      ],
    );
  }

  /** getRole returns one role. */
  async getRole(instanceId: string, id: string): Promise<RoleView> {
    const [row] = await this.rows(`${ROLE_SELECT} where instance_id = ? and id = ?`, [instanceId, id]);
    if (row === undefined) throw new NotFoundError("role", id);
    return toRole(row);
  }

  /** listRoles returns a page of roles by id, optionally only those defined at a scope. */
  async listRoles(
    instanceId: string,
    scopeId: string | undefined,
    size: number,
    after: string | undefined,
  ): Promise<Page<RoleView>> {
    const rows = await this.rows(
      `${ROLE_SELECT} where instance_id = ? and id > ? and (?::text is null or scope_id = ?) order by id limit ?`,
      [instanceId, after ?? "", scopeId ?? null, scopeId ?? null, size + 1],
    );
    return page(rows.map(toRole), size, (r) => [r.id]);
  }

  /** updateRole renames a role or replaces its permissions. */
  async updateRole(
    instanceId: string,
    id: string,
    changes: { name?: string; permissions?: string[] },
  ): Promise<RoleView> {
    return this.inTransaction(async (repo) => {
      await repo.getRole(instanceId, id);
      await repo.rows(
        `update role set name = coalesce(?, name), permissions = coalesce(?::jsonb, permissions), update_time = ?
          where instance_id = ? and id = ?`,
        [
          changes.name ?? null,
          changes.permissions === undefined ? null : JSON.stringify(changes.permissions),
          new Date(),
          instanceId,
          id,
        ],
      );
      if (changes.permissions !== undefined) {
        await repo.rows("delete from role_permission where instance_id = ? and role_id = ?", [instanceId, id]);
        await repo.insertRolePermissions(instanceId, id, changes.permissions);
      }
      return repo.getRole(instanceId, id);
    });
  }

  /** deleteRole deletes a role that no membership uses. */
  async deleteRole(instanceId: string, id: string): Promise<void> {
    await this.inTransaction(async (repo) => {
      await repo.getRole(instanceId, id);
      const [use] = await repo.rows(
        "select count(*)::int as n from membership_role where instance_id = ? and role_id = ?",
        [instanceId, id],
      );
      if (Number(use?.n) > 0) {
        throw new FailedPreconditionError(`role ${id} is held in ${use?.n} memberships`, "ROLE_IN_USE");
      }
      await repo.rows("delete from role where instance_id = ? and id = ?", [instanceId, id]);
    });
  }
}
