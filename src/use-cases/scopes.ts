import type { Db } from "../db/orm.js";
import {
  type GrantView,
  type MembershipView,
  type NewScope,
  type Page,
  type PermissionModeKey,
  type RoleView,
  type ScopeChanges,
  type ScopeFilter,
  ScopeRepository,
  type ScopeTypeView,
  type ScopeView,
  type SubjectKindKey,
  type SubjectView,
} from "../db/scope-repository.js";
import { type Principal, requireInstanceKey } from "../domain/access.js";

/**
 * Caller is who makes a use-case call and the call's own entity manager,
 * whatever the transport: a Connect handler builds it from its context
 * values, a REST route from its authenticated request.
 */
export type Caller = { principal: Principal; db: Db };

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

/** MembershipKey names one membership: the subject in the scope. */
export type MembershipKey = { scopeId: string; subjectId: string };

/**
 * manage admits management calls (an instance key only) and opens the
 * repository inside the caller's instance.
 */
function manage(caller: Caller) {
  return { instanceId: requireInstanceKey(caller.principal), repo: new ScopeRepository(caller.db) };
}

/** inspect admits check calls (an instance key or a machine key), always inside the caller's own instance. */
function inspect(caller: Caller) {
  return { instanceId: caller.principal.instanceId, repo: new ScopeRepository(caller.db) };
}

/**
 * allOrNothing creates `items` in order in one transaction: a failure rolls
 * back the ones created before it (each create's own transaction nests in it).
 */
function allOrNothing<T, R>(caller: Caller, items: T[], create: (repo: ScopeRepository, item: T) => Promise<R>) {
  return caller.db.transactional(async (db) => {
    const repo = new ScopeRepository(db);
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
export function createScopeUseCases() {
  return {
    // Scope types

    async createScopeType(caller: Caller, input: NewScopeType): Promise<ScopeTypeView> {
      const { instanceId, repo } = manage(caller);
      return repo.createScopeType(instanceId, input);
    },

    /** createScopeTypes creates types in order, all or nothing; a later one may name an earlier one as allowed parent. */
    async createScopeTypes(caller: Caller, input: { scopeTypes: NewScopeType[] }): Promise<ScopeTypeView[]> {
      const instanceId = requireInstanceKey(caller.principal);
      return allOrNothing(caller, input.scopeTypes, (repo, scopeType) => repo.createScopeType(instanceId, scopeType));
    },

    async getScopeType(caller: Caller, input: { id: string }): Promise<ScopeTypeView> {
      const { instanceId, repo } = manage(caller);
      return repo.getScopeType(instanceId, input.id);
    },

    async listScopeTypes(caller: Caller, input: PageRequest): Promise<Page<ScopeTypeView>> {
      const { instanceId, repo } = manage(caller);
      return repo.listScopeTypes(instanceId, input.size, input.after);
    },

    /** updateScopeType renames a type or replaces its allowed parent types (checked against its scopes). */
    async updateScopeType(
      caller: Caller,
      input: { id: string; changes: { name?: string; allowedParentTypeIds?: string[] } },
    ): Promise<ScopeTypeView> {
      const { instanceId, repo } = manage(caller);
      const { name, allowedParentTypeIds: parents } = input.changes;
      return repo.updateScopeType(instanceId, input.id, {
        ...(name === undefined ? {} : { name }),
        ...(parents === undefined ? {} : { allowedParentTypeIds: () => parents }),
      });
    },

    /**
     * allowParentType lets scopes of `typeId` be placed under scopes of
     * `parentTypeId` (the reference's scope-type hierarchy edge); adding an
     * edge that exists changes nothing. A type's first edge restricts it:
     * until then it allowed any parent or none.
     */
    async allowParentType(caller: Caller, input: { typeId: string; parentTypeId: string }): Promise<ScopeTypeView> {
      const { instanceId, repo } = manage(caller);
      return repo.updateScopeType(instanceId, input.typeId, {
        allowedParentTypeIds: (stored) =>
          stored.includes(input.parentTypeId) ? stored : [...stored, input.parentTypeId],
      });
    },

    async deleteScopeType(caller: Caller, input: { id: string }): Promise<void> {
      const { instanceId, repo } = manage(caller);
      await repo.deleteScopeType(instanceId, input.id);
    },

    // Scopes

    /** createScopes creates scopes in order, all or nothing; a later one may name an earlier one as parent. */
    async createScopes(caller: Caller, input: { scopes: NewScope[] }): Promise<ScopeView[]> {
      const { instanceId, repo } = manage(caller);
      return repo.createScopes(instanceId, input.scopes);
    },

    async getScope(caller: Caller, input: { id: string }): Promise<ScopeView> {
      const { instanceId, repo } = manage(caller);
      return repo.getScope(instanceId, input.id);
    },

    async listScopes(caller: Caller, input: PageRequest & { filter: ScopeFilter }): Promise<Page<ScopeView>> {
      const { instanceId, repo } = manage(caller);
      return repo.listScopes(instanceId, input.filter, input.size, input.after);
    },

    /**
     * getScopes returns the scopes of `ids` that exist in the caller's
     * instance, in the order asked; unknown ids are left out.
     */
    async getScopes(caller: Caller, input: { ids: string[] }): Promise<ScopeView[]> {
      const { instanceId, repo } = manage(caller);
      if (input.ids.length === 0) return [];
      const filter = { ids: input.ids, rootsOnly: false };
      const { items } = await repo.listScopes(instanceId, filter, input.ids.length, undefined);
      const byId = new Map(items.map((scope) => [scope.id, scope]));
      return input.ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** listChildren pages a scope's direct children by id; NotFound for an unknown scope. */
    async listChildren(caller: Caller, input: PageRequest & { id: string }): Promise<Page<ScopeView>> {
      const { instanceId, repo } = manage(caller);
      await repo.getScope(instanceId, input.id);
      return repo.listScopes(instanceId, { parentScopeId: input.id, rootsOnly: false }, input.size, input.after);
    },

    /** listAncestors returns a scope's ancestors, its parent first and its root last. */
    async listAncestors(caller: Caller, input: { id: string }): Promise<ScopeView[]> {
      const { instanceId, repo } = manage(caller);
      return repo.listAncestors(instanceId, input.id);
    },

    async updateScope(caller: Caller, input: { id: string; changes: ScopeChanges }): Promise<ScopeView> {
      const { instanceId, repo } = manage(caller);
      return repo.updateScope(instanceId, input.id, input.changes);
    },

    /** deleteScope deletes a scope, or with `cascade` its subtree, and returns how many scopes went. */
    async deleteScope(caller: Caller, input: { id: string; cascade: boolean }): Promise<number> {
      const { instanceId, repo } = manage(caller);
      return repo.deleteScope(instanceId, input.id, input.cascade);
    },

    // Subjects

    /** createSubject creates a subject and its memberships, all or nothing. */
    async createSubject(caller: Caller, input: NewSubject): Promise<SubjectView> {
      const { instanceId, repo } = manage(caller);
      return repo.createSubject(instanceId, input);
    },

    async getSubject(caller: Caller, input: { id: string }): Promise<SubjectView> {
      const { instanceId, repo } = manage(caller);
      return repo.getSubject(instanceId, input.id);
    },

    async listSubjects(
      caller: Caller,
      input: PageRequest & { filter: { kind?: SubjectKindKey; externalId?: string } },
    ): Promise<Page<SubjectView>> {
      const { instanceId, repo } = manage(caller);
      return repo.listSubjects(instanceId, input.filter, input.size, input.after);
    },

    async deleteSubject(caller: Caller, input: { id: string }): Promise<void> {
      const { instanceId, repo } = manage(caller);
      await repo.deleteSubject(instanceId, input.id);
    },

    // Roles

    async createRole(caller: Caller, input: NewRole): Promise<RoleView> {
      const { instanceId, repo } = manage(caller);
      return repo.createRole(instanceId, input);
    },

    /** createRoles creates roles in order, all or nothing. */
    async createRoles(caller: Caller, input: { roles: NewRole[] }): Promise<RoleView[]> {
      const instanceId = requireInstanceKey(caller.principal);
      return allOrNothing(caller, input.roles, (repo, role) => repo.createRole(instanceId, role));
    },

    async getRole(caller: Caller, input: { id: string }): Promise<RoleView> {
      const { instanceId, repo } = manage(caller);
      return repo.getRole(instanceId, input.id);
    },

    async listRoles(caller: Caller, input: PageRequest & { scopeId: string | undefined }): Promise<Page<RoleView>> {
      const { instanceId, repo } = manage(caller);
      return repo.listRoles(instanceId, input.scopeId, input.size, input.after);
    },

    async updateRole(
      caller: Caller,
      input: { id: string; changes: { name?: string; permissions?: string[] } },
    ): Promise<RoleView> {
      const { instanceId, repo } = manage(caller);
      return repo.updateRole(instanceId, input.id, input.changes);
    },

    async deleteRole(caller: Caller, input: { id: string }): Promise<void> {
      const { instanceId, repo } = manage(caller);
      await repo.deleteRole(instanceId, input.id);
    },

    // Memberships

    async createMembership(caller: Caller, input: MembershipKey & { roleIds: string[] }): Promise<MembershipView> {
      const { instanceId, repo } = manage(caller);
      return repo.createMembership(instanceId, input.scopeId, input.subjectId, input.roleIds);
    },

    async updateMembership(caller: Caller, input: MembershipKey & { roleIds: string[] }): Promise<MembershipView> {
      const { instanceId, repo } = manage(caller);
      return repo.updateMembership(instanceId, input.scopeId, input.subjectId, input.roleIds);
    },

    async deleteMembership(caller: Caller, input: MembershipKey): Promise<void> {
      const { instanceId, repo } = manage(caller);
      await repo.deleteMembership(instanceId, input.scopeId, input.subjectId);
    },

    async listMemberships(
      caller: Caller,
      input: PageRequest & { by: { scopeId: string } | { subjectId: string } },
    ): Promise<Page<MembershipView>> {
      const { instanceId, repo } = manage(caller);
      return repo.listMemberships(instanceId, input.by, input.size, input.after);
    },

    // Checks

    /** check answers whether the subject holds the permission in the scope (instance or machine key). */
    async check(caller: Caller, input: CheckInput): Promise<CheckResult> {
      const { instanceId, repo } = inspect(caller);
      return repo.check(instanceId, input.subjectId, input.scopeId, input.permission);
    },

    /** checkMany answers checks one after the other, in order. */
    async checkMany(caller: Caller, input: { checks: CheckInput[] }): Promise<CheckResult[]> {
      const { instanceId, repo } = inspect(caller);
      const results: CheckResult[] = [];
      for (const check of input.checks) {
        results.push(await repo.check(instanceId, check.subjectId, check.scopeId, check.permission));
      }
      return results;
    },

    /**
     * subjectScopes yields, in batches, every scope where the subject holds
     * the permission; NotFound before the first batch for an unknown subject.
     */
    async *subjectScopes(
      caller: Caller,
      input: { subjectId: string; permission: string; signal: AbortSignal },
    ): AsyncGenerator<ScopeView[]> {
      const { instanceId, repo } = inspect(caller);
      await repo.requireSubjectExists(instanceId, input.subjectId);
      yield* repo.subjectScopes(instanceId, input.subjectId, input.permission, input.signal);
    },
  };
}

/** ScopeUseCases is the object createScopeUseCases returns. */
export type ScopeUseCases = ReturnType<typeof createScopeUseCases>;
