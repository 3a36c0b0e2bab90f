import { MembershipRepository } from "../db/membership-repository.js";
import type { Db } from "../db/orm.js";
import { RoleRepository } from "../db/role-repository.js";
import { ScopeCheckRepository } from "../db/scope-check-repository.js";
import { ScopeTreeRepository } from "../db/scope-tree-repository.js";
import { ScopeTypeRepository } from "../db/scope-type-repository.js";
import type {
  GrantView,
  MembershipView,
  NewScope,
  Page,
  PermissionModeKey,
  RoleView,
  ScopeChanges,
  ScopeFilter,
  ScopeTypeView,
  ScopeView,
  SubjectKindKey,
  SubjectView,
} from "../db/scope-views.js";
import { SubjectRepository } from "../db/subject-repository.js";
import { requireInstanceKey } from "../domain/access.js";
import type { Lsn } from "../domain/consistency.js";
import { SCOPE_LIMITS } from "../domain/limits.js";
import type { Caller } from "./caller.js";
import {
  type ConsistencyDeps,
  type ConsistencyRequest,
  type Consistent,
  createConsistency,
  type Written,
} from "./consistency.js";

export type {
  GrantView,
  MembershipView,
  NewScope,
  Page,
  PermissionModeKey,
  RoleView,
  ScopeChanges,
  ScopeFilter,
  ScopeTypeView,
  ScopeView,
  SubjectKindKey,
  SubjectView,
} from "../db/scope-views.js";
export type { ConsistencyRequest, Consistent, Written } from "./consistency.js";

/** PageRequest is where a list starts (after this key; undefined: the first page) and how long it is. */
export type PageRequest = { size: number; after: string | undefined };

/** NewScopeType is a validated scope type to create. */
export type NewScopeType = {
  id: string;
  name: string;
  permissionMode: PermissionModeKey;
  allowedParentTypeIds: string[];
};

/** NewSubject is a validated subject to create, with the scopes it joins at once. */
export type NewSubject = {
  id: string;
  kind: SubjectKindKey;
  externalId: string | undefined;
  displayName: string;
  memberships: { scopeId: string; roleIds: string[] }[];
};

/** NewRole is a validated role to create; scopeId undefined: defined for the whole instance. */
export type NewRole = { id: string; name: string; permissions: string[]; scopeId: string | undefined };

/** CheckInput asks whether a subject holds a permission in a scope. */
export type CheckInput = { subjectId: string; scopeId: string; permission: string };

/** CheckResult is a check's answer and the grants that explain an allowed one. */
export type CheckResult = { allowed: boolean; grants: GrantView[] };

/** ScopeUseCaseDeps: the consistency token key and the standbys a check may read from (see ConsistencyDeps). */
export type ScopeUseCaseDeps = ConsistencyDeps;

/** MembershipKey names one membership: the subject in the scope. */
export type MembershipKey = { scopeId: string; subjectId: string };

/** repositories opens the scope model's repositories, one per aggregate, on one entity manager. */
function repositories(db: Db) {
  return {
    types: new ScopeTypeRepository(db),
    tree: new ScopeTreeRepository(db),
    subjects: new SubjectRepository(db),
    roles: new RoleRepository(db),
    memberships: new MembershipRepository(db),
    checks: new ScopeCheckRepository(db),
  };
}

type Repositories = ReturnType<typeof repositories>;

/**
 * manage admits management calls (an instance key only) and opens the
 * repositories inside the caller's instance.
 */
function manage(caller: Caller) {
  return { instanceId: requireInstanceKey(caller.principal), repo: repositories(caller.db) };
}

/** inspect admits check calls (an instance key or a machine key), always inside the caller's own instance. */
function inspect(caller: Caller) {
  return { instanceId: caller.principal.instanceId, repo: repositories(caller.db) };
}

/**
 * allOrNothing creates `items` in order in one transaction: a failure rolls
 * back the ones created before it (each create's own transaction nests in it).
 */
function allOrNothing<T, R>(caller: Caller, items: T[], create: (repo: Repositories, item: T) => Promise<R>) {
  return caller.db.transactional(async (db) => {
    const repo = repositories(db);
    const created: R[] = [];
    for (const item of items) created.push(await create(repo, item));
    return created;
  });
}

/**
 * createScopeUseCases is the one orchestration of the scope model behind
 * every transport (ScopeService over Connect, the Bedrock-compatible REST
 * routes): who may call (permission before existence), then the repository
 * calls in the caller's instance. Inputs are already validated by the
 * transport, which names its own wire fields; results are domain views the
 * transport maps to its own shape.
 */
export function createScopeUseCases({ consistencyTokens, standbys }: ScopeUseCaseDeps) {
  const { written, readAt, consistencyOf } = createConsistency({ consistencyTokens, standbys });

  return {
    // Scope types

    async createScopeType(caller: Caller, input: NewScopeType): Promise<Written<ScopeTypeView>> {
      const { instanceId, repo } = manage(caller);
      return written(caller, await repo.types.createScopeType(instanceId, input));
    },

    /** createScopeTypes creates types in order, all or nothing; a later one may name an earlier one as allowed parent. */
    async createScopeTypes(caller: Caller, input: { scopeTypes: NewScopeType[] }): Promise<Written<ScopeTypeView[]>> {
      const instanceId = requireInstanceKey(caller.principal);
      const created = await allOrNothing(caller, input.scopeTypes, (repo, scopeType) =>
        repo.types.createScopeType(instanceId, scopeType),
      );
      return written(caller, created);
    },

    async getScopeType(caller: Caller, input: { id: string }): Promise<ScopeTypeView> {
      const { instanceId, repo } = manage(caller);
      return repo.types.getScopeType(instanceId, input.id);
    },

    async listScopeTypes(caller: Caller, input: PageRequest): Promise<Page<ScopeTypeView>> {
      const { instanceId, repo } = manage(caller);
      return repo.types.listScopeTypes(instanceId, input.size, input.after);
    },

    /** updateScopeType renames a type or replaces its allowed parent types (checked against its scopes). */
    async updateScopeType(
      caller: Caller,
      input: { id: string; changes: { name?: string; allowedParentTypeIds?: string[] } },
    ): Promise<Written<ScopeTypeView>> {
      const { instanceId, repo } = manage(caller);
      const { name, allowedParentTypeIds: parents } = input.changes;
      const updated = await repo.types.updateScopeType(instanceId, input.id, {
        ...(name === undefined ? {} : { name }),
        ...(parents === undefined ? {} : { allowedParentTypeIds: () => parents }),
      });
      return written(caller, updated);
    },

    /**
     * allowParentType lets scopes of `typeId` be placed under scopes of
     * `parentTypeId` (the reference's scope-type hierarchy edge); adding an
     * edge that exists changes nothing. A type's first edge restricts it:
     * until then it allowed any parent or none.
     */
    async allowParentType(
      caller: Caller,
      input: { typeId: string; parentTypeId: string },
    ): Promise<Written<ScopeTypeView>> {
      const { instanceId, repo } = manage(caller);
      const updated = await repo.types.updateScopeType(instanceId, input.typeId, {
        allowedParentTypeIds: (stored) =>
          stored.includes(input.parentTypeId) ? stored : [...stored, input.parentTypeId],
      });
      return written(caller, updated);
    },

    async deleteScopeType(caller: Caller, input: { id: string }): Promise<Written<undefined>> {
      const { instanceId, repo } = manage(caller);
      await repo.types.deleteScopeType(instanceId, input.id);
      return written(caller, undefined);
    },

    // Scopes

    /** createScopes creates scopes in order, all or nothing; a later one may name an earlier one as parent. */
    async createScopes(caller: Caller, input: { scopes: NewScope[] }): Promise<Written<ScopeView[]>> {
      const { instanceId, repo } = manage(caller);
      return written(caller, await repo.tree.createScopes(instanceId, input.scopes));
    },

    /**
     * getScope reads a scope on the primary or on a standby as fresh as
     * `consistency` asks (unset: the primary), with the token it was read at.
     */
    async getScope(
      caller: Caller,
      input: { id: string; consistency?: ConsistencyRequest },
    ): Promise<Consistent<ScopeView>> {
      const consistency = consistencyOf(input.consistency);
      const { instanceId } = manage(caller);
      return standbys.read(caller.db, consistency, async (db) => {
        const scope = await new ScopeTreeRepository(db).getScope(instanceId, input.id);
        return { ...scope, consistencyToken: await readAt(db) };
      });
    },

    /** listScopes reads a page as getScope reads a scope; each page may come from another server. */
    async listScopes(
      caller: Caller,
      input: PageRequest & { filter: ScopeFilter; consistency?: ConsistencyRequest },
    ): Promise<Consistent<Page<ScopeView>>> {
      const consistency = consistencyOf(input.consistency);
      const { instanceId } = manage(caller);
      return standbys.read(caller.db, consistency, async (db) => {
        const page = await new ScopeTreeRepository(db).listScopes(instanceId, input.filter, input.size, input.after);
        return { ...page, consistencyToken: await readAt(db) };
      });
    },

    /**
     * getScopes returns the scopes of `ids` that exist in the caller's
     * instance, in the order asked; unknown ids are left out.
     */
    async getScopes(caller: Caller, input: { ids: string[] }): Promise<ScopeView[]> {
      const { instanceId, repo } = manage(caller);
      if (input.ids.length === 0) return [];
      const filter = { ids: input.ids, rootsOnly: false };
      const { items } = await repo.tree.listScopes(instanceId, filter, input.ids.length, undefined);
      const byId = new Map(items.map((scope) => [scope.id, scope]));
      return input.ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** listChildren pages a scope's direct children by id; NotFound for an unknown scope. */
    async listChildren(caller: Caller, input: PageRequest & { id: string }): Promise<Page<ScopeView>> {
      const { instanceId, repo } = manage(caller);
      await repo.tree.getScope(instanceId, input.id);
      return repo.tree.listScopes(instanceId, { parentScopeId: input.id, rootsOnly: false }, input.size, input.after);
    },

    /** listAncestors returns a scope's ancestors, its parent first and its root last. */
    async listAncestors(caller: Caller, input: { id: string }): Promise<ScopeView[]> {
      const { instanceId, repo } = manage(caller);
      return repo.tree.listAncestors(instanceId, input.id);
    },

    async updateScope(caller: Caller, input: { id: string; changes: ScopeChanges }): Promise<Written<ScopeView>> {
      const { instanceId, repo } = manage(caller);
      return written(caller, await repo.tree.updateScope(instanceId, input.id, input.changes));
    },

    /** deleteScope deletes a scope, or with `cascade` its subtree, and returns how many scopes went. */
    async deleteScope(caller: Caller, input: { id: string; cascade: boolean }): Promise<Written<number>> {
      const { instanceId, repo } = manage(caller);
      return written(caller, await repo.tree.deleteScope(instanceId, input.id, input.cascade));
    },

    // Subjects

    /** createSubject creates a subject and its memberships, all or nothing. */
    async createSubject(caller: Caller, input: NewSubject): Promise<Written<SubjectView>> {
      const { instanceId, repo } = manage(caller);
      return written(caller, await repo.subjects.createSubject(instanceId, input));
    },

    async getSubject(caller: Caller, input: { id: string }): Promise<SubjectView> {
      const { instanceId, repo } = manage(caller);
      return repo.subjects.getSubject(instanceId, input.id);
    },

    async listSubjects(
      caller: Caller,
      input: PageRequest & { filter: { kind?: SubjectKindKey; externalId?: string } },
    ): Promise<Page<SubjectView>> {
      const { instanceId, repo } = manage(caller);
      return repo.subjects.listSubjects(instanceId, input.filter, input.size, input.after);
    },

    async deleteSubject(caller: Caller, input: { id: string }): Promise<Written<undefined>> {
      const { instanceId, repo } = manage(caller);
      await repo.subjects.deleteSubject(instanceId, input.id);
      return written(caller, undefined);
    },

    // Roles

    async createRole(caller: Caller, input: NewRole): Promise<Written<RoleView>> {
      const { instanceId, repo } = manage(caller);
      return written(caller, await repo.roles.createRole(instanceId, input));
    },

    /** createRoles creates roles in order, all or nothing. */
    async createRoles(caller: Caller, input: { roles: NewRole[] }): Promise<Written<RoleView[]>> {
      const instanceId = requireInstanceKey(caller.principal);
      return written(
        caller,
        await allOrNothing(caller, input.roles, (repo, role) => repo.roles.createRole(instanceId, role)),
      );
    },

    async getRole(caller: Caller, input: { id: string }): Promise<RoleView> {
      const { instanceId, repo } = manage(caller);
      return repo.roles.getRole(instanceId, input.id);
    },

    async listRoles(caller: Caller, input: PageRequest & { scopeId: string | undefined }): Promise<Page<RoleView>> {
      const { instanceId, repo } = manage(caller);
      return repo.roles.listRoles(instanceId, input.scopeId, input.size, input.after);
    },

    async updateRole(
      caller: Caller,
      input: { id: string; changes: { name?: string; permissions?: string[] } },
    ): Promise<Written<RoleView>> {
      const { instanceId, repo } = manage(caller);
      return written(caller, await repo.roles.updateRole(instanceId, input.id, input.changes));
    },

    async deleteRole(caller: Caller, input: { id: string }): Promise<Written<undefined>> {
      const { instanceId, repo } = manage(caller);
      await repo.roles.deleteRole(instanceId, input.id);
      return written(caller, undefined);
    },

    // Memberships

    async createMembership(
      caller: Caller,
      input: MembershipKey & { roleIds: string[] },
    ): Promise<Written<MembershipView>> {
      const { instanceId, repo } = manage(caller);
      return written(
        caller,
        await repo.memberships.createMembership(instanceId, input.scopeId, input.subjectId, input.roleIds),
      );
    },

    async updateMembership(
      caller: Caller,
      input: MembershipKey & { roleIds: string[] },
    ): Promise<Written<MembershipView>> {
      const { instanceId, repo } = manage(caller);
      return written(
        caller,
        await repo.memberships.updateMembership(instanceId, input.scopeId, input.subjectId, input.roleIds),
      );
    },

    async deleteMembership(caller: Caller, input: MembershipKey): Promise<Written<undefined>> {
      const { instanceId, repo } = manage(caller);
      await repo.memberships.deleteMembership(instanceId, input.scopeId, input.subjectId);
      return written(caller, undefined);
    },

    async listMemberships(
      caller: Caller,
      input: PageRequest & { by: { scopeId: string } | { subjectId: string } },
    ): Promise<Page<MembershipView>> {
      const { instanceId, repo } = manage(caller);
      return repo.memberships.listMemberships(instanceId, input.by, input.size, input.after);
    },

    // Checks

    /**
     * check answers whether the subject holds the permission in the scope
     * (instance or machine key), on the primary or on a standby as fresh as
     * `consistency` asks (unset: the primary).
     */
    async check(
      caller: Caller,
      input: CheckInput & { consistency?: ConsistencyRequest },
    ): Promise<Consistent<CheckResult>> {
      const consistency = consistencyOf(input.consistency);
      const { instanceId } = inspect(caller);
      const { allowed, grants, readAt } = await standbys.read(caller.db, consistency, (db) =>
        new ScopeCheckRepository(db).check(instanceId, input.subjectId, input.scopeId, input.permission),
      );
      return { allowed, grants, consistencyToken: consistencyTokens.seal(readAt) };
    },

    /**
     * checkMany answers checks one after the other, in order, all on one
     * server. Its token is the freshest check's position, so a read at least
     * as fresh as it sees everything any of these checks saw.
     */
    async checkMany(
      caller: Caller,
      input: { checks: CheckInput[]; consistency?: ConsistencyRequest },
    ): Promise<Consistent<{ results: CheckResult[] }>> {
      const consistency = consistencyOf(input.consistency);
      const { instanceId } = inspect(caller);
      const answers = await standbys.read(caller.db, consistency, async (db) => {
        const checks = new ScopeCheckRepository(db);
        const found = [];
        for (const check of input.checks) {
          found.push(await checks.check(instanceId, check.subjectId, check.scopeId, check.permission));
        }
        return found;
      });
      const readAt = answers.reduce<Lsn>(
        (freshest, answer) => (answer.readAt > freshest ? answer.readAt : freshest),
        0n,
      );
      return {
        results: answers.map(({ allowed, grants }) => ({ allowed, grants })),
        consistencyToken: consistencyTokens.seal(readAt),
      };
    },

    /**
     * subjectScopes yields, in batches of SCOPE_LIMITS.streamBatchSize, every
     * scope where the subject holds the permission, each batch with the token
     * it was read at; NotFound before the first batch for an unknown subject.
     * Each batch is one read on a server as fresh as `consistency` asks
     * (unset: the primary), chosen anew for each, so a standby lost
     * mid-stream costs no batch: the next one reads elsewhere.
     */
    async *subjectScopes(
      caller: Caller,
      input: { subjectId: string; permission: string; consistency?: ConsistencyRequest },
    ): AsyncGenerator<Consistent<{ scopes: ScopeView[] }>> {
      const consistency = consistencyOf(input.consistency);
      const { instanceId } = inspect(caller);
      const size = SCOPE_LIMITS.streamBatchSize;
      let after: string | undefined;
      while (!caller.signal.aborted) {
        const from = after ?? "";
        const batch = await standbys.read(caller.db, consistency, async (db) => {
          const checks = new ScopeCheckRepository(db);
          if (after === undefined) await checks.requireSubject(instanceId, input.subjectId);
          const scopes = await checks.subjectScopesAfter(instanceId, input.subjectId, input.permission, from, size);
          return { scopes, consistencyToken: await readAt(db) };
        });
        if (batch.scopes.length > 0) yield batch;
        const last = batch.scopes.at(-1);
        if (last === undefined || batch.scopes.length < size) return;
        after = last.id;
      }
    },
  };
}

/** ScopeUseCases is the object createScopeUseCases returns; the REST routes take it. */
export type ScopeUseCases = ReturnType<typeof createScopeUseCases>;
