import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from "../domain/errors.js";
import { SCOPE_LIMITS } from "../domain/limits.js";
import type { Db } from "./orm.js";
import { ScopeStore } from "./scope-store.js";
import {
  type Page,
  type PermissionModeKey,
  page,
  SCOPE_TYPE_SELECT,
  type ScopeTypeView,
  toScopeType,
} from "./scope-views.js";

/**
 * ScopeTypeRepository stores scope types and their allowed parent types (the
 * scope-type hierarchy); a change of the allowed parents is checked against
 * the type's existing scopes under the exclusive tree lock.
 */
export class ScopeTypeRepository extends ScopeStore {
  protected withDb(db: Db): this {
    return new ScopeTypeRepository(db) as this;
  }

  /** createScopeType stores a type and its allowed parent types. */
  async createScopeType(
    instanceId: string,
    input: { id: string; name: string; permissionMode: PermissionModeKey; allowedParentTypeIds: string[] },
  ): Promise<ScopeTypeView> {
    return this.inTransaction(async (repo) => {
      if (
        (await repo.rows("select 1 from scope_type where instance_id = ? and id = ?", [instanceId, input.id])).length
      ) {
        throw new AlreadyExistsError(`scope type ${input.id} already exists`, "SCOPE_TYPE_EXISTS");
      }
      await repo.requireAll(
        "scope type",
        "scope_type",
        instanceId,
        input.allowedParentTypeIds.filter((id) => id !== input.id),
      );
      await repo.rows(
        "insert into scope_type (instance_id, id, name, permission_mode, create_time) values (?, ?, ?, ?, ?)",
        [instanceId, input.id, input.name, input.permissionMode, new Date()],
      );
      for (const parentTypeId of input.allowedParentTypeIds) {
        await repo.rows("insert into scope_type_parent (instance_id, type_id, parent_type_id) values (?, ?, ?)", [
          instanceId,
          input.id,
          parentTypeId,
        ]);
      }
      return repo.getScopeType(instanceId, input.id);
    });
  }

  /** getScopeType returns one type. */
  async getScopeType(instanceId: string, id: string): Promise<ScopeTypeView> {
    const [row] = await this.rows(`${SCOPE_TYPE_SELECT} where t.instance_id = ? and t.id = ?`, [instanceId, id]);
    if (row === undefined) throw new NotFoundError("scope type", id);
    return toScopeType(row);
  }

  /** listScopeTypes returns a page of types by id. */
  async listScopeTypes(instanceId: string, size: number, after: string | undefined): Promise<Page<ScopeTypeView>> {
    const rows = await this.rows(`${SCOPE_TYPE_SELECT} where t.instance_id = ? and t.id > ? order by t.id limit ?`, [
      instanceId,
      after ?? "",
      size + 1,
    ]);
    return page(rows.map(toScopeType), size, (t) => [t.id]);
  }

  /**
   * updateScopeType renames a type or replaces its allowed parent types;
   * `allowedParentTypeIds` computes the new list from the stored one, inside
   * the transaction (so concurrent additions are not lost). It holds the
   * tree lock exclusively, so no scope is created or moved under the old
   * rules while the type's existing scopes are checked against the new ones.
   */
  async updateScopeType(
    instanceId: string,
    id: string,
    changes: { name?: string; allowedParentTypeIds?: (stored: string[]) => string[] },
  ): Promise<ScopeTypeView> {
    return this.inTransaction(async (repo) => {
      await repo.lockTree(instanceId, "exclusive");
      const type = await repo.getScopeType(instanceId, id);
      if (changes.name !== undefined) {
        await repo.rows("update scope_type set name = ? where instance_id = ? and id = ?", [
          changes.name,
          instanceId,
          id,
        ]);
      }
      if (changes.allowedParentTypeIds !== undefined) {
        const parents = changes.allowedParentTypeIds(type.allowedParentTypeIds);
        if (parents.length > SCOPE_LIMITS.allowedParentTypesMax) {
          throw new FailedPreconditionError(
            `scope type ${id} would have ${parents.length} allowed parent types; at most ${SCOPE_LIMITS.allowedParentTypesMax} are allowed`,
            "SCOPE_TYPE_PARENTS_LIMIT",
          );
        }
        await repo.requireAll(
          "scope type",
          "scope_type",
          instanceId,
          parents.filter((parent) => parent !== id),
        );
        if (parents.length > 0) await repo.requireScopesUnderTypes(instanceId, id, parents);
        await repo.rows("delete from scope_type_parent where instance_id = ? and type_id = ?", [instanceId, id]);
        for (const parentTypeId of parents) {
          await repo.rows("insert into scope_type_parent (instance_id, type_id, parent_type_id) values (?, ?, ?)", [
            instanceId,
            id,
            parentTypeId,
          ]);
        }
      }
      return repo.getScopeType(instanceId, id);
    });
  }

  /** Every scope of type `typeId` has a parent of one of `parentTypeIds`, or FailedPrecondition names one that does not. */
  private async requireScopesUnderTypes(instanceId: string, typeId: string, parentTypeIds: string[]): Promise<void> {
    const [stray] = await this.rows(
      `select s.id, p.type_id as parent_type_id from scope s
        left join scope p on p.instance_id = s.instance_id and p.id = s.parent_id
        where s.instance_id = ? and s.type_id = ?
          and (p.type_id is null or p.type_id not in (select jsonb_array_elements_text(?::jsonb)))
        order by s.id limit 1`,
      [instanceId, typeId, JSON.stringify(parentTypeIds)],
    );
    if (stray !== undefined) {
      const where =
        stray.parent_type_id === null ? "is a root" : `has a parent of type ${String(stray.parent_type_id)}`;
      throw new FailedPreconditionError(
        `scope ${String(stray.id)} of type ${typeId} ${where}, which the new allowed parent types ${parentTypeIds.join(", ")} would not allow`,
        "SCOPE_PARENT_TYPE_NOT_ALLOWED",
      );
    }
  }

  /** deleteScopeType deletes a type no scope uses and no other type allows as a parent. */
  async deleteScopeType(instanceId: string, id: string): Promise<void> {
    await this.inTransaction(async (repo) => {
      await repo.getScopeType(instanceId, id);
      const [use] = await repo.rows(
        `select (select count(*) from scope where instance_id = ? and type_id = ?)::int as scopes,
          (select count(*) from scope_type_parent where instance_id = ? and parent_type_id = ? and type_id <> ?)::int as types`,
        [instanceId, id, instanceId, id, id],
      );
      if (Number(use?.scopes) > 0) {
        throw new FailedPreconditionError(`scope type ${id} is used by ${use?.scopes} scopes`, "SCOPE_TYPE_IN_USE");
      }
      if (Number(use?.types) > 0) {
        throw new FailedPreconditionError(
          `scope type ${id} is an allowed parent of ${use?.types} other types`,
          "SCOPE_TYPE_IN_USE",
        );
      }
      await repo.rows("delete from scope_type where instance_id = ? and id = ?", [instanceId, id]);
    });
  }
}
