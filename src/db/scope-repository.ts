import { type Lsn, parseLsn } from "../domain/consistency.js";
import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from "../domain/errors.js";
import { SCOPE_LIMITS } from "../domain/limits.js";
import { likePattern } from "../domain/scope-rules.js";
import type { Db } from "./orm.js";
import { POSITION_SQL } from "./wal-position.js";

/** PermissionModeKey is how a scope type lets permissions flow from ancestors. */
export type PermissionModeKey = "inherit" | "define";
/** SubjectKindKey is what a subject is. */
export type SubjectKindKey = "user" | "agent" | "service";

/** ScopeTypeView is a scope type as callers see it. */
export type ScopeTypeView = {
  id: string;
  name: string;
  permissionMode: PermissionModeKey;
  allowedParentTypeIds: string[];
  createTime: Date;
};

/** ScopeView is a scope as callers see it. */
export type ScopeView = {
  id: string;
  typeId: string;
  name: string;
  externalId: string | undefined;
  parentScopeId: string | undefined;
  meta: Record<string, string>;
  depth: number;
  createTime: Date;
  updateTime: Date;
};

/** SubjectView is a subject as callers see it. */
export type SubjectView = {
  id: string;
  kind: SubjectKindKey;
  externalId: string | undefined;
  displayName: string;
  createTime: Date;
};

/** RoleView is a role as callers see it. */
export type RoleView = {
  id: string;
  name: string;
  permissions: string[];
  scopeId: string | undefined;
  createTime: Date;
  updateTime: Date;
};

/** MembershipView is a membership with its roles. */
export type MembershipView = {
  scopeId: string;
  subjectId: string;
  roleIds: string[];
  createTime: Date;
  updateTime: Date;
};

/** GrantView explains an allowed check: which membership, where, through which role and pattern. */
export type GrantView = { scopeId: string; roleId: string; permission: string; distance: number };

/** NewScope is a validated CreateScope request. */
export type NewScope = {
  id: string;
  name: string;
  typeId: string;
  externalId: string | undefined;
  parentScopeId: string | undefined;
  meta: Record<string, string>;
  memberships: { subjectId: string; roleIds: string[] }[];
};

/** ScopeChanges are the validated fields of UpdateScope; `null` clears. */
export type ScopeChanges = {
  name?: string;
  externalId?: string | null;
  meta?: Record<string, string>;
  parentScopeId?: string | null;
};

/** ScopeFilter selects scopes for ListScopes; set fields combine. */
export type ScopeFilter = {
  parentScopeId?: string;
  typeId?: string;
  externalId?: string;
  ids?: string[];
  rootsOnly: boolean;
};

/** A page of rows and the key after which the next one starts. */
export type Page<T> = { items: T[]; nextAfter: string[] | undefined };

type Row = Record<string, unknown>;

const date = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));
const optional = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
const json = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));

function toScopeType(row: Row): ScopeTypeView {
  return {
    id: String(row.id),
    name: String(row.name),
    permissionMode: row.permission_mode as PermissionModeKey,
    allowedParentTypeIds: json<string[] | null>(row.allowed_parent_type_ids) ?? [],
    createTime: date(row.create_time),
  };
}

function toScope(row: Row): ScopeView {
  return {
    id: String(row.id),
    typeId: String(row.type_id),
    name: String(row.name),
    externalId: optional(row.external_id),
    parentScopeId: optional(row.parent_id),
    meta: json<Record<string, string>>(row.meta),
    depth: Number(row.depth),
    createTime: date(row.create_time),
    updateTime: date(row.update_time),
  };
}

function toSubject(row: Row): SubjectView {
  return {
    id: String(row.id),
    kind: row.kind as SubjectKindKey,
    externalId: optional(row.external_id),
    displayName: String(row.display_name),
    createTime: date(row.create_time),
  };
}

function toRole(row: Row): RoleView {
  return {
    id: String(row.id),
    name: String(row.name),
    permissions: json<string[]>(row.permissions),
    scopeId: optional(row.scope_id),
    createTime: date(row.create_time),
    updateTime: date(row.update_time),
  };
}

function toMembership(row: Row): MembershipView {
  return {
    scopeId: String(row.scope_id),
    subjectId: String(row.subject_id),
    roleIds: json<string[]>(row.role_ids),
    createTime: date(row.create_time),
    updateTime: date(row.update_time),
  };
}

const SCOPE_TYPE_SELECT = `select t.id, t.name, t.permission_mode, t.create_time,
  (select jsonb_agg(p.parent_type_id order by p.parent_type_id) from scope_type_parent p
    where p.instance_id = t.instance_id and p.type_id = t.id) as allowed_parent_type_ids
  from scope_type t`;
const SCOPE_SELECT =
  "select s.id, s.type_id, s.name, s.external_id, s.parent_id, s.meta, s.depth, s.create_time, s.update_time from scope s";
const SUBJECT_SELECT = "select id, kind, external_id, display_name, create_time from subject";
const ROLE_SELECT = "select id, name, permissions, scope_id, create_time, update_time from role";
const MEMBERSHIP_SELECT = `select m.scope_id, m.subject_id, m.create_time, m.update_time,
  coalesce((select jsonb_agg(r.role_id order by r.role_id) from membership_role r
    where r.instance_id = m.instance_id and r.scope_id = m.scope_id and r.subject_id = m.subject_id), '[]') as role_ids
  from membership m`;

/** The subject exists: a subject row, or a machine for `mch_` ids. */
const SUBJECT_EXISTS = `(case when ?::text like 'mch\\_%'
  then exists (select 1 from machine where instance_id = ? and id = ?)
  else exists (select 1 from subject where instance_id = ? and id = ?) end)`;

/**
 * CHECK_SQL answers CheckPermission in one statement with the function
 * `scope_check` (see the migration): the scope's effective ancestors (itself
 * up to the nearest DEFINE scope) from the closure table, the subject's
 * memberships there, and their roles' patterns that match. `read_position`
 * is how far the server answering (primary or standby) had got when it
 * answered (POSITION_SQL): at or past every change the answer reflects.
 */
const CHECK_SQL = `select c.*, ${POSITION_SQL} as read_position from scope_check(?, ?, ?, ?) c`;

/**
 * ScopeRepository reads and writes the authorization tree of one instance at
 * a time: every method takes the caller's instance id and a foreign id is
 * NotFound.
 *
 * The tree is stored twice: `scope.parent_id`, and the closure table
 * `scope_ancestor` (every scope with each ancestor-or-self, the distance and
 * whether permissions flow down that far), which makes a check one indexed
 * query whatever the depth. Changes of the tree's shape take a per-instance
 * advisory lock: moves and deletes exclusively, creates and memberships
 * shared, so concurrent moves cannot make a cycle and the closure table
 * never goes stale.
 */
export class ScopeRepository {
  constructor(private readonly db: Db) {}

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.db.execute<Row[]>(sql, params);
  }

  private async lockTree(instanceId: string, mode: "shared" | "exclusive"): Promise<void> {
    const lock = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
    await this.rows(`select ${lock}(hashtextextended(?, 0))`, [`latchkey.scope_tree:${instanceId}`]);
  }

  private inTransaction<T>(work: (repo: ScopeRepository) => Promise<T>): Promise<T> {
    return this.db.transactional((db) => work(new ScopeRepository(db)));
  }

  // Scope types

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

  // Scopes

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
    const type = await this.getScopeType(instanceId, input.typeId);
    const parent = input.parentScopeId === undefined ? undefined : await this.getScope(instanceId, input.parentScopeId);
    checkParentType(type, parent);
    const depth = (parent?.depth ?? 0) + 1;
    if (depth > SCOPE_LIMITS.maxDepth) {
      throw new FailedPreconditionError(
        `scope ${input.id} would be at depth ${depth}; the deepest allowed is ${SCOPE_LIMITS.maxDepth}`,
        "SCOPE_TOO_DEEP",
      );
    }
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
      await this.insertMembership(instanceId, input.id, membership.subjectId, membership.roleIds);
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

  /** getScope returns one scope. */
  async getScope(instanceId: string, id: string): Promise<ScopeView> {
    const [row] = await this.rows(`${SCOPE_SELECT} where s.instance_id = ? and s.id = ?`, [instanceId, id]);
    if (row === undefined) throw new NotFoundError("scope", id);
    return toScope(row);
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
    const type = await this.getScopeType(instanceId, scope.typeId);
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
    if (deepest > SCOPE_LIMITS.maxDepth) {
      throw new FailedPreconditionError(
        `the move would put scopes at depth ${deepest}; the deepest allowed is ${SCOPE_LIMITS.maxDepth}`,
        "SCOPE_TOO_DEEP",
      );
    }
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

  // Subjects

  /** createSubject stores a subject. */
  async createSubject(
    instanceId: string,
    input: { id: string; kind: SubjectKindKey; externalId: string | undefined; displayName: string },
  ): Promise<SubjectView> {
    return this.inTransaction(async (repo) => {
      if ((await repo.rows("select 1 from subject where instance_id = ? and id = ?", [instanceId, input.id])).length) {
        throw new AlreadyExistsError(`subject ${input.id} already exists`, "SUBJECT_EXISTS");
      }
      if (input.externalId !== undefined) {
        const taken = await repo.rows("select id from subject where instance_id = ? and external_id = ?", [
          instanceId,
          input.externalId,
        ]);
        if (taken.length > 0) {
          throw new AlreadyExistsError(
            `subject ${String(taken[0]?.id)} already has external id ${input.externalId}`,
            "SUBJECT_EXTERNAL_ID_EXISTS",
          );
        }
      }
      await repo.rows(
        "insert into subject (instance_id, id, kind, external_id, display_name, create_time) values (?, ?, ?, ?, ?, ?)",
        [instanceId, input.id, input.kind, input.externalId ?? null, input.displayName, new Date()],
      );
      return repo.getSubject(instanceId, input.id);
    });
  }

  /** getSubject returns one subject. */
  async getSubject(instanceId: string, id: string): Promise<SubjectView> {
    const [row] = await this.rows(`${SUBJECT_SELECT} where instance_id = ? and id = ?`, [instanceId, id]);
    if (row === undefined) throw new NotFoundError("subject", id);
    return toSubject(row);
  }

  /** listSubjects returns a page of subjects by id. */
  async listSubjects(
    instanceId: string,
    filter: { kind?: SubjectKindKey; externalId?: string },
    size: number,
    after: string | undefined,
  ): Promise<Page<SubjectView>> {
    const rows = await this.rows(
      `${SUBJECT_SELECT} where instance_id = ? and id > ?
        and (?::text is null or kind = ?) and (?::text is null or external_id = ?)
        order by id limit ?`,
      [
        instanceId,
        after ?? "",
        filter.kind ?? null,
        filter.kind ?? null,
        filter.externalId ?? null,
        filter.externalId ?? null,
        size + 1,
      ],
    );
    return page(rows.map(toSubject), size, (s) => [s.id]);
  }

  /** deleteSubject deletes a subject; the schema cascades to its memberships. */
  async deleteSubject(instanceId: string, id: string): Promise<void> {
    const deleted = await this.rows("delete from subject where instance_id = ? and id = ? returning id", [
      instanceId,
      id,
    ]);
    if (deleted.length === 0) throw new NotFoundError("subject", id);
  }

  // Roles

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

  // Memberships

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

  private async insertMembership(
    instanceId: string,
    scopeId: string,
    subjectId: string,
    roleIds: string[],
  ): Promise<void> {
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

  private async requireSubject(instanceId: string, subjectId: string): Promise<void> {
    const [row] = await this.rows(`select ${SUBJECT_EXISTS} as found`, [
      subjectId,
      instanceId,
      subjectId,
      instanceId,
      subjectId,
    ]);
    if (row?.found !== true) throw new NotFoundError(subjectId.startsWith("mch_") ? "machine" : "subject", subjectId);
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

  // Checks

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

  /** requireSubjectExists is NotFound for an unknown subject or machine. */
  async requireSubjectExists(instanceId: string, subjectId: string): Promise<void> {
    await this.requireSubject(instanceId, subjectId);
  }

  /**
   * subjectScopes yields, in batches by id, every scope where the subject
   * holds the permission: each scope holding a matching membership and each
   * descendant it flows down to. It stops when `signal` aborts.
   */
  async *subjectScopes(
    instanceId: string,
    subjectId: string,
    permission: string,
    signal: AbortSignal,
  ): AsyncGenerator<ScopeView[]> {
    let after = "";
    const size = SCOPE_LIMITS.streamBatchSize;
    while (!signal.aborted) {
      const rows = await this.rows(
        `${SCOPE_SELECT} where s.instance_id = ? and s.id > ? and s.id in (
            select a.scope_id from membership_role mr
            join role_permission rp on rp.instance_id = mr.instance_id and rp.role_id = mr.role_id
            join scope_ancestor a on a.instance_id = mr.instance_id and a.ancestor_id = mr.scope_id and a.effective
            where mr.instance_id = ? and mr.subject_id = ? and ?::text like rp.like_pattern)
          order by s.id limit ?`,
        [instanceId, after, instanceId, subjectId, permission, size],
      );
      const batch = rows.map(toScope);
      if (batch.length > 0) yield batch;
      const last = batch[batch.length - 1];
      if (last === undefined || batch.length < size) return;
      after = last.id;
    }
  }

  /** Every id exists in `table` of the instance, or NotFound names the first missing one. */
  private async requireAll(resource: string, table: string, instanceId: string, ids: string[]): Promise<void> {
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

/** A scope of `type` may have `parent` (undefined: be a root) under the type's allowed parent types. */
function checkParentType(type: ScopeTypeView, parent: ScopeView | undefined): void {
  if (type.allowedParentTypeIds.length === 0) return;
  if (parent === undefined || !type.allowedParentTypeIds.includes(parent.typeId)) {
    throw new FailedPreconditionError(
      `a scope of type ${type.id} must have a parent of type ${type.allowedParentTypeIds.join(" or ")}` +
        (parent === undefined ? "" : `; ${parent.id} is of type ${parent.typeId}`),
      "SCOPE_PARENT_TYPE_NOT_ALLOWED",
    );
  }
}

/** page cuts the extra row a query fetched to learn whether another page follows. */
function page<T>(rows: T[], size: number, key: (row: T) => string[]): Page<T> {
  if (rows.length <= size) return { items: rows, nextAfter: undefined };
  const items = rows.slice(0, size);
  return { items, nextAfter: key(items[items.length - 1] as T) };
}
