import { AlreadyExistsError, FailedPreconditionError } from "../domain/errors.js";
import { checkDepth, checkParentType } from "../domain/scope-tree.js";
import { MembershipRepository } from "./membership-repository.js";
import type { Db } from "./orm.js";
import { ScopeStore } from "./scope-store.js";
import { ScopeTypeRepository } from "./scope-type-repository.js";
import {
  type NewScope,
  type Page,
  page,
  SCOPE_SELECT,
  type ScopeChanges,
  type ScopeFilter,
  type ScopeView,
  toScope,
} from "./scope-views.js";

/**
 * ScopeTreeRepository stores scopes and the shape of the tree: creates (with
 * inline memberships), reads, moves and deletes, keeping the closure table
 * `scope_ancestor` in step in the same transaction (see ScopeStore).
 */
export class ScopeTreeRepository extends ScopeStore {
  private readonly types = new ScopeTypeRepository(this.db);
  private readonly memberships = new MembershipRepository(this.db);

  protected withDb(db: Db): this {
    return new ScopeTreeRepository(db) as this;
  }

  /**
   * createScopes stores scopes in order with their memberships, all or
   * nothing: a later scope may name an earlier one as parent.
   */
  async createScopes(instanceId: string, inputs: NewScope[]): Promise<ScopeView[]> {
    return this.inTransaction(async (repo) => {
      await repo.lockTree(instanceId, "shared");
      const created: ScopeView[] = [];
      for (const input of inputs) created.push(await repo.insertScope(instanceId, input));
      return created;
    });
  }

  private async insertScope(instanceId: string, input: NewScope): Promise<ScopeView> {
    if ((await this.rows("select 1 from scope where instance_id = ? and id = ?", [instanceId, input.id])).length) {
      throw new AlreadyExistsError(`scope ${input.id} already exists`, "SCOPE_EXISTS");
    }
    const type = await this.types.getScopeType(instanceId, input.typeId);
    const parent = input.parentScopeId === undefined ? undefined : await this.getScope(instanceId, input.parentScopeId);
    checkParentType(type, parent);
    const depth = (parent?.depth ?? 0) + 1;
    checkDepth(depth, `scope ${input.id} would be`);
    await this.requireFreeExternalId(instanceId, input.typeId, input.externalId, undefined);
    const now = new Date();
    await this.rows(
      `insert into scope (instance_id, id, type_id, name, external_id, parent_id, meta, depth, create_time, update_time)
        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)`,
      [
        instanceId,
        input.id,
        input.typeId,
        input.name,
        input.externalId ?? null,
        input.parentScopeId ?? null,
        JSON.stringify(input.meta),
        depth,
        now,
        now,
      ],
    );
    await this.rows(
      "insert into scope_ancestor (instance_id, scope_id, ancestor_id, distance, effective) values (?, ?, ?, 0, true)",
      [instanceId, input.id, input.id],
    );
    if (parent !== undefined) {
      await this.rows(
        `insert into scope_ancestor (instance_id, scope_id, ancestor_id, distance, effective)
          select instance_id, ?, ancestor_id, distance + 1, effective and ?
          from scope_ancestor where instance_id = ? and scope_id = ?`,
        [input.id, type.permissionMode === "inherit", instanceId, parent.id],
      );
    }
    for (const membership of input.memberships) {
      await this.memberships.insertMembership(instanceId, input.id, membership.subjectId, membership.roleIds);
    }
    return this.getScope(instanceId, input.id);
  }

  private async requireFreeExternalId(
    instanceId: string,
    typeId: string,
    externalId: string | undefined,
    exceptScopeId: string | undefined,
  ): Promise<void> {
    if (externalId === undefined) return;
    const taken = await this.rows(
      "select id from scope where instance_id = ? and type_id = ? and external_id = ? and id <> ?",
      [instanceId, typeId, externalId, exceptScopeId ?? ""],
    );
    if (taken.length > 0) {
      throw new AlreadyExistsError(
        `scope ${String(taken[0]?.id)} of type ${typeId} already has external id ${externalId}`,
        "SCOPE_EXTERNAL_ID_EXISTS",
      );
    }
  }

  /** listScopes returns a page of scopes by id, filtered. */
  async listScopes(
    instanceId: string,
    filter: ScopeFilter,
    size: number,
    after: string | undefined,
  ): Promise<Page<ScopeView>> {
    const where = ["s.instance_id = ?", "s.id > ?"];
    const params: unknown[] = [instanceId, after ?? ""];
    if (filter.parentScopeId !== undefined) {
      where.push("s.parent_id = ?");
      params.push(filter.parentScopeId);
    }
    if (filter.rootsOnly) where.push("s.parent_id is null");
    if (filter.typeId !== undefined) {
      where.push("s.type_id = ?");
      params.push(filter.typeId);
    }
    if (filter.externalId !== undefined) {
      where.push("s.external_id = ?");
      params.push(filter.externalId);
    }
    if (filter.ids !== undefined) {
      where.push("s.id in (select jsonb_array_elements_text(?::jsonb))");
      params.push(JSON.stringify(filter.ids));
    }
    const rows = await this.rows(`${SCOPE_SELECT} where ${where.join(" and ")} order by s.id limit ?`, [
      ...params,
      size + 1,
    ]);
    return page(rows.map(toScope), size, (s) => [s.id]);
  }

  /** listAncestors returns a scope's ancestors from its parent up to its root; NotFound for an unknown scope. */
  async listAncestors(instanceId: string, id: string): Promise<ScopeView[]> {
    await this.getScope(instanceId, id);
    const rows = await this.rows(
      `${SCOPE_SELECT} join scope_ancestor a on a.instance_id = s.instance_id and a.ancestor_id = s.id
        where a.instance_id = ? and a.scope_id = ? and a.distance > 0 order by a.distance`,
      [instanceId, id],
    );
    return rows.map(toScope);
  }

  /**
   * updateScope changes name, external id and meta, and moves the scope (with
   * its subtree) when parentScopeId is given. Moves hold the instance's tree
   * lock exclusively, so the cycle check cannot be raced.
   */
  async updateScope(instanceId: string, id: string, changes: ScopeChanges): Promise<ScopeView> {
    return this.inTransaction(async (repo) => {
      const moving = changes.parentScopeId !== undefined;
      await repo.lockTree(instanceId, moving ? "exclusive" : "shared");
      const scope = await repo.getScope(instanceId, id);
      if (changes.externalId !== undefined && changes.externalId !== null) {
        await repo.requireFreeExternalId(instanceId, scope.typeId, changes.externalId, id);
      }
      if (moving && (changes.parentScopeId ?? undefined) !== scope.parentScopeId) {
        await repo.move(instanceId, scope, changes.parentScopeId ?? undefined);
      }
      const set: string[] = ["update_time = ?"];
      const params: unknown[] = [new Date()];
      if (changes.name !== undefined) {
        set.push("name = ?");
        params.push(changes.name);
      }
      if (changes.externalId !== undefined) {
        set.push("external_id = ?");
        params.push(changes.externalId);
      }
      if (changes.meta !== undefined) {
        set.push("meta = ?::jsonb");
        params.push(JSON.stringify(changes.meta));
      }
      await repo.rows(`update scope set ${set.join(", ")} where instance_id = ? and id = ?`, [
        ...params,
        instanceId,
        id,
      ]);
      return repo.getScope(instanceId, id);
    });
  }

  private async move(instanceId: string, scope: ScopeView, parentId: string | undefined): Promise<void> {
    const type = await this.types.getScopeType(instanceId, scope.typeId);
    const parent = parentId === undefined ? undefined : await this.getScope(instanceId, parentId);
    if (parent !== undefined) {
      const below = await this.rows(
        "select 1 from scope_ancestor where instance_id = ? and scope_id = ? and ancestor_id = ?",
        [instanceId, parent.id, scope.id],
      );
      if (below.length > 0) {
        throw new FailedPreconditionError(
          `scope ${parent.id} is ${scope.id} itself or one of its descendants; the move would make a cycle`,
          "SCOPE_CYCLE",
        );
      }
    }
    checkParentType(type, parent);
    const [height] = await this.rows(
      "select max(distance)::int as height from scope_ancestor where instance_id = ? and ancestor_id = ?",
      [instanceId, scope.id],
    );
    const newDepth = (parent?.depth ?? 0) + 1;
    const deepest = newDepth + Number(height?.height ?? 0);
    checkDepth(deepest, "the move would put scopes");
    const unreachable = await this.rows(
      `select mr.scope_id, mr.subject_id, mr.role_id from membership_role mr
        join role r on r.instance_id = mr.instance_id and r.id = mr.role_id
        where mr.instance_id = ?
          and mr.scope_id in (select scope_id from scope_ancestor where instance_id = ? and ancestor_id = ?)
          and r.scope_id in (select ancestor_id from scope_ancestor
            where instance_id = ? and scope_id = ? and ancestor_id <> scope_id)
          and r.scope_id not in (select ancestor_id from scope_ancestor where instance_id = ? and scope_id = ?)
        limit 1`,
      [instanceId, instanceId, scope.id, instanceId, scope.id, instanceId, parent?.id ?? ""],
    );
    const blocked = unreachable[0];
    if (blocked !== undefined) {
      throw new FailedPreconditionError(
        `subject ${String(blocked.subject_id)} holds role ${String(blocked.role_id)} in scope ${String(blocked.scope_id)}, ` +
          "and that role is defined at a scope that would no longer be an ancestor",
        "ROLE_OUT_OF_REACH",
      );
    }
    // Detach the subtree from its old ancestors, then attach it below the new parent.
    await this.rows(
      `delete from scope_ancestor where instance_id = ?
        and scope_id in (select scope_id from scope_ancestor where instance_id = ? and ancestor_id = ?)
        and ancestor_id in (select ancestor_id from scope_ancestor
          where instance_id = ? and scope_id = ? and ancestor_id <> scope_id)`,
      [instanceId, instanceId, scope.id, instanceId, scope.id],
    );
    if (parent !== undefined) {
      await this.rows(
        `insert into scope_ancestor (instance_id, scope_id, ancestor_id, distance, effective)
          select d.instance_id, d.scope_id, a.ancestor_id, d.distance + 1 + a.distance, d.effective and ? and a.effective
          from scope_ancestor d join scope_ancestor a on a.instance_id = d.instance_id and a.scope_id = ?
          where d.instance_id = ? and d.ancestor_id = ?`,
        [type.permissionMode === "inherit", parent.id, instanceId, scope.id],
      );
    }
    await this.rows(
      `update scope set depth = depth + ? where instance_id = ?
        and id in (select scope_id from scope_ancestor where instance_id = ? and ancestor_id = ?)`,
      [newDepth - scope.depth, instanceId, instanceId, scope.id],
    );
    await this.rows("update scope set parent_id = ? where instance_id = ? and id = ?", [
      parent?.id ?? null,
      instanceId,
      scope.id,
    ]);
  }

  /**
   * deleteScope deletes a scope, or with `cascade` its whole subtree; the
   * schema cascades to memberships, roles defined there and closure rows.
   */
  async deleteScope(instanceId: string, id: string, cascade: boolean): Promise<number> {
    return this.inTransaction(async (repo) => {
      await repo.lockTree(instanceId, "exclusive");
      await repo.getScope(instanceId, id);
      const [children] = await repo.rows(
        "select count(*)::int as n from scope where instance_id = ? and parent_id = ?",
        [instanceId, id],
      );
      if (!cascade && Number(children?.n) > 0) {
        throw new FailedPreconditionError(
          `scope ${id} has ${children?.n} child scopes; delete them first or set cascade`,
          "SCOPE_HAS_CHILDREN",
        );
      }
      // Memberships first: the roles they hold may be defined in the subtree too.
      await repo.rows(
        `delete from membership where instance_id = ?
          and scope_id in (select scope_id from scope_ancestor where instance_id = ? and ancestor_id = ?)`,
        [instanceId, instanceId, id],
      );
      const deleted = await repo.rows(
        `delete from scope where instance_id = ?
          and id in (select scope_id from scope_ancestor where instance_id = ? and ancestor_id = ?) returning id`,
        [instanceId, instanceId, id],
      );
      return deleted.length;
    });
  }
}
