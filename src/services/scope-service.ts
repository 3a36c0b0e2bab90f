import type { ServiceImpl } from "@connectrpc/connect";
import type { CreateScopeRequest, ScopeService } from "../../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { InvalidArgumentError } from "../domain/errors.js";
import { SCOPE_LIMITS } from "../domain/limits.js";
import { type PageTokens, pageSize } from "../domain/pages.js";
import * as rules from "../domain/scope-rules.js";
import type { NewScope, Page, ScopeUseCaseDeps } from "../use-cases/scopes.js";
import { createScopeUseCases } from "../use-cases/scopes.js";
import { callerOf } from "./call-context.js";
import { consistencyRequest } from "./consistency-mapper.js";
import {
  grantToProto,
  membershipToProto,
  permissionModeFromProto,
  roleToProto,
  scopeToProto,
  scopeTypeToProto,
  subjectKindFromProto,
  subjectToProto,
} from "./scope-mapper.js";

/** The page of a list call: size, where it starts, and how the next one is asked for. */
function pageRequest(tokens: PageTokens, list: string, req: { pageSize: number; pageToken: string }, filter: unknown) {
  const size = pageSize("page_size", req.pageSize, rules.SCOPE_PAGE);
  const pages = rules.scopePages(tokens, list, filter);
  const after = pages.decode(req.pageToken);
  const nextToken = (page: Page<unknown>) => (page.nextAfter === undefined ? "" : pages.encode(page.nextAfter));
  return { size, after, nextToken };
}

function newScope(field: string, req: CreateScopeRequest): NewScope {
  const seen = new Set<string>();
  if (req.memberships.length > SCOPE_LIMITS.inlineMembershipsMax) {
    throw new InvalidArgumentError(
      `${field}memberships`,
      `must have at most ${SCOPE_LIMITS.inlineMembershipsMax} entries`,
    );
  }
  return {
    id: rules.newOrGivenId("scope", `${field}id`, req.id),
    name: rules.text(`${field}name`, req.name, true),
    typeId: rules.resourceId("scopeType", `${field}type_id`, req.typeId),
    externalId: rules.externalId(`${field}external_id`, req.externalId),
    parentScopeId: rules.optionalResourceId("scope", `${field}parent_scope_id`, req.parentScopeId),
    meta: rules.meta(`${field}meta`, req.meta),
    memberships: req.memberships.map((spec, index) => {
      const at = `${field}memberships[${index}]`;
      const subjectId = rules.subjectId(`${at}.subject_id`, spec.subjectId);
      if (seen.has(subjectId)) throw new InvalidArgumentError(`${at}.subject_id`, `repeats ${subjectId}`);
      seen.add(subjectId);
      return { subjectId, roleIds: roleIds(`${at}.role_ids`, spec.roleIds) };
    }),
  };
}

function roleIds(field: string, raw: readonly string[]): string[] {
  return rules.distinctIds(field, raw, SCOPE_LIMITS.rolesPerMembershipMax, (f, id) => rules.resourceId("role", f, id));
}

function checkInput(field: string, req: { subjectId: string; scopeId: string; permission: string }) {
  return {
    subjectId: rules.subjectId(`${field}subject_id`, req.subjectId),
    scopeId: rules.resourceId("scope", `${field}scope_id`, req.scopeId),
    permission: rules.permission(`${field}permission`, req.permission),
  };
}

/**
 * createScopeService implements ScopeService: validate (naming the wire
 * field), one call of the scope use cases (createScopeUseCases, shared with
 * the REST routes, which check access and reach the repository), map.
 */
export function createScopeService(pageTokens: PageTokens, deps: ScopeUseCaseDeps): ServiceImpl<typeof ScopeService> {
  const scopes = createScopeUseCases(deps);
  return {
    async createScopeType(req, context) {
      const id = rules.newOrGivenId("scopeType", "id", req.id);
      const input = {
        id,
        name: rules.text("name", req.name, true),
        permissionMode: permissionModeFromProto(req.permissionMode),
        allowedParentTypeIds: rules.allowedParentTypeIds("allowed_parent_type_ids", req.allowedParentTypeIds),
      };
      const { value, consistencyToken } = await scopes.createScopeType(callerOf(context), input);
      return { scopeType: scopeTypeToProto(value), consistencyToken };
    },

    async getScopeType(req, context) {
      const id = rules.resourceId("scopeType", "id", req.id);
      return { scopeType: scopeTypeToProto(await scopes.getScopeType(callerOf(context), { id })) };
    },

    async listScopeTypes(req, context) {
      const { size, after, nextToken } = pageRequest(pageTokens, "ListScopeTypes", req, {});
      const page = await scopes.listScopeTypes(callerOf(context), { size, after });
      return { scopeTypes: page.items.map(scopeTypeToProto), nextPageToken: nextToken(page) };
    },

    async updateScopeType(req, context) {
      const id = rules.resourceId("scopeType", "id", req.id);
      const paths = rules.updatePaths(req.updateMask?.paths, ["name", "allowed_parent_type_ids"]);
      const changes = {
        ...(paths.has("name") ? { name: rules.text("scope_type.name", req.scopeType?.name ?? "", true) } : {}),
        ...(paths.has("allowed_parent_type_ids")
          ? {
              allowedParentTypeIds: rules.allowedParentTypeIds(
                "scope_type.allowed_parent_type_ids",
                req.scopeType?.allowedParentTypeIds ?? [],
              ),
            }
          : {}),
      };
      const { value, consistencyToken } = await scopes.updateScopeType(callerOf(context), { id, changes });
      return { scopeType: scopeTypeToProto(value), consistencyToken };
    },

    async deleteScopeType(req, context) {
      const id = rules.resourceId("scopeType", "id", req.id);
      const { consistencyToken } = await scopes.deleteScopeType(callerOf(context), { id });
      return { consistencyToken };
    },

    async createScope(req, context) {
      const input = newScope("", req);
      const { value, consistencyToken } = await scopes.createScopes(callerOf(context), { scopes: [input] });
      const [scope] = value;
      return { scope: scope === undefined ? undefined : scopeToProto(scope), consistencyToken };
    },

    async batchCreateScopes(req, context) {
      if (req.scopes.length === 0) throw new InvalidArgumentError("scopes", "must have at least one entry");
      if (req.scopes.length > SCOPE_LIMITS.batchScopesMax) {
        throw new InvalidArgumentError("scopes", `must have at most ${SCOPE_LIMITS.batchScopesMax} entries`);
      }
      const ids = new Set<string>();
      const inputs = req.scopes.map((scope, index) => {
        const input = newScope(`scopes[${index}].`, scope);
        if (ids.has(input.id)) throw new InvalidArgumentError(`scopes[${index}].id`, `repeats ${input.id}`);
        ids.add(input.id);
        return input;
      });
      const { value, consistencyToken } = await scopes.createScopes(callerOf(context), { scopes: inputs });
      return { scopes: value.map(scopeToProto), consistencyToken };
    },

    async getScope(req, context) {
      const id = rules.resourceId("scope", "id", req.id);
      const consistency = consistencyRequest("consistency", req.consistency);
      const { consistencyToken, ...scope } = await scopes.getScope(callerOf(context), { id, consistency });
      return { scope: scopeToProto(scope), consistencyToken };
    },

    async listScopes(req, context) {
      if (req.ids.length > SCOPE_LIMITS.listIdsMax) {
        throw new InvalidArgumentError("ids", `must have at most ${SCOPE_LIMITS.listIdsMax} entries`);
      }
      const filter = {
        parentScopeId: rules.optionalResourceId("scope", "parent_scope_id", req.parentScopeId),
        typeId: rules.optionalResourceId("scopeType", "type_id", req.typeId),
        externalId: rules.externalId("external_id", req.externalId),
        ids:
          req.ids.length === 0 ? undefined : req.ids.map((id, index) => rules.resourceId("scope", `ids[${index}]`, id)),
        rootsOnly: req.rootsOnly,
      };
      if (filter.rootsOnly && filter.parentScopeId !== undefined) {
        throw new InvalidArgumentError("roots_only", "cannot be combined with parent_scope_id");
      }
      const { size, after, nextToken } = pageRequest(pageTokens, "ListScopes", req, filter);
      const consistency = consistencyRequest("consistency", req.consistency);
      const page = await scopes.listScopes(callerOf(context), { filter, size, after, consistency });
      return {
        scopes: page.items.map(scopeToProto),
        nextPageToken: nextToken(page),
        consistencyToken: page.consistencyToken,
      };
    },

    async updateScope(req, context) {
      const id = rules.resourceId("scope", "id", req.id);
      const paths = rules.updatePaths(req.updateMask?.paths, ["name", "external_id", "meta", "parent_scope_id"]);
      const scope = req.scope;
      const changes = {
        ...(paths.has("name") ? { name: rules.text("scope.name", scope?.name ?? "", true) } : {}),
        ...(paths.has("external_id")
          ? {
              externalId:
                scope?.externalId === undefined || scope.externalId === ""
                  ? null
                  : rules.externalId("scope.external_id", scope.externalId),
            }
          : {}),
        ...(paths.has("meta") ? { meta: rules.meta("scope.meta", scope?.meta ?? {}) } : {}),
        ...(paths.has("parent_scope_id")
          ? {
              parentScopeId:
                rules.optionalResourceId("scope", "scope.parent_scope_id", scope?.parentScopeId ?? "") ?? null,
            }
          : {}),
      };
      if (changes.parentScopeId === id) {
        throw new InvalidArgumentError("scope.parent_scope_id", "must not be the scope itself");
      }
      const { value, consistencyToken } = await scopes.updateScope(callerOf(context), { id, changes });
      return { scope: scopeToProto(value), consistencyToken };
    },

    async listScopeAncestors(req, context) {
      const id = rules.resourceId("scope", "id", req.id);
      return { scopes: (await scopes.listAncestors(callerOf(context), { id })).map(scopeToProto) };
    },

    async deleteScope(req, context) {
      const id = rules.resourceId("scope", "id", req.id);
      const { value, consistencyToken } = await scopes.deleteScope(callerOf(context), { id, cascade: req.cascade });
      return { deletedScopeCount: value, consistencyToken };
    },

    async createSubject(req, context) {
      const input = {
        id: rules.newOrGivenId("subject", "id", req.id),
        kind: subjectKindFromProto("kind", req.kind, true) ?? "user",
        externalId: rules.externalId("external_id", req.externalId),
        displayName: rules.text("display_name", req.displayName, false),
        memberships: [],
      };
      const { value, consistencyToken } = await scopes.createSubject(callerOf(context), input);
      return { subject: subjectToProto(value), consistencyToken };
    },

    async getSubject(req, context) {
      const id = rules.resourceId("subject", "id", req.id);
      return { subject: subjectToProto(await scopes.getSubject(callerOf(context), { id })) };
    },

    async listSubjects(req, context) {
      const filter = {
        kind: subjectKindFromProto("kind", req.kind, false),
        externalId: rules.externalId("external_id", req.externalId),
      };
      const { size, after, nextToken } = pageRequest(pageTokens, "ListSubjects", req, filter);
      const page = await scopes.listSubjects(callerOf(context), { filter, size, after });
      return { subjects: page.items.map(subjectToProto), nextPageToken: nextToken(page) };
    },

    async deleteSubject(req, context) {
      const id = rules.resourceId("subject", "id", req.id);
      const { consistencyToken } = await scopes.deleteSubject(callerOf(context), { id });
      return { consistencyToken };
    },

    async createRole(req, context) {
      const input = {
        id: rules.newOrGivenId("role", "id", req.id),
        name: rules.text("name", req.name, true),
        permissions: rules.permissionPatterns("permissions", req.permissions),
        scopeId: rules.optionalResourceId("scope", "scope_id", req.scopeId),
      };
      const { value, consistencyToken } = await scopes.createRole(callerOf(context), input);
      return { role: roleToProto(value), consistencyToken };
    },

    async getRole(req, context) {
      const id = rules.resourceId("role", "id", req.id);
      return { role: roleToProto(await scopes.getRole(callerOf(context), { id })) };
    },

    async listRoles(req, context) {
      const scopeId = rules.optionalResourceId("scope", "scope_id", req.scopeId);
      const { size, after, nextToken } = pageRequest(pageTokens, "ListRoles", req, { scopeId });
      const page = await scopes.listRoles(callerOf(context), { scopeId, size, after });
      return { roles: page.items.map(roleToProto), nextPageToken: nextToken(page) };
    },

    async updateRole(req, context) {
      const id = rules.resourceId("role", "id", req.id);
      const paths = rules.updatePaths(req.updateMask?.paths, ["name", "permissions"]);
      const changes = {
        ...(paths.has("name") ? { name: rules.text("role.name", req.role?.name ?? "", true) } : {}),
        ...(paths.has("permissions")
          ? { permissions: rules.permissionPatterns("role.permissions", req.role?.permissions ?? []) }
          : {}),
      };
      const { value, consistencyToken } = await scopes.updateRole(callerOf(context), { id, changes });
      return { role: roleToProto(value), consistencyToken };
    },

    async deleteRole(req, context) {
      const id = rules.resourceId("role", "id", req.id);
      const { consistencyToken } = await scopes.deleteRole(callerOf(context), { id });
      return { consistencyToken };
    },

    async createMembership(req, context) {
      const scopeId = rules.resourceId("scope", "scope_id", req.scopeId);
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const roles = roleIds("role_ids", req.roleIds);
      const { value, consistencyToken } = await scopes.createMembership(callerOf(context), {
        scopeId,
        subjectId,
        roleIds: roles,
      });
      return { membership: membershipToProto(value), consistencyToken };
    },

    async updateMembership(req, context) {
      const scopeId = rules.resourceId("scope", "scope_id", req.scopeId);
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const roles = roleIds("role_ids", req.roleIds);
      const { value, consistencyToken } = await scopes.updateMembership(callerOf(context), {
        scopeId,
        subjectId,
        roleIds: roles,
      });
      return { membership: membershipToProto(value), consistencyToken };
    },

    async deleteMembership(req, context) {
      const scopeId = rules.resourceId("scope", "scope_id", req.scopeId);
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const { consistencyToken } = await scopes.deleteMembership(callerOf(context), { scopeId, subjectId });
      return { consistencyToken };
    },

    async listMemberships(req, context) {
      if ((req.scopeId === "") === (req.subjectId === "")) {
        throw new InvalidArgumentError("scope_id", "set exactly one of scope_id and subject_id");
      }
      const by =
        req.scopeId === ""
          ? { subjectId: rules.subjectId("subject_id", req.subjectId) }
          : { scopeId: rules.resourceId("scope", "scope_id", req.scopeId) };
      const { size, after, nextToken } = pageRequest(pageTokens, "ListMemberships", req, by);
      const page = await scopes.listMemberships(callerOf(context), { by, size, after });
      return { memberships: page.items.map(membershipToProto), nextPageToken: nextToken(page) };
    },

    async checkPermission(req, context) {
      const input = { ...checkInput("", req), consistency: consistencyRequest("consistency", req.consistency) };
      const result = await scopes.check(callerOf(context), input);
      return {
        allowed: result.allowed,
        grants: result.grants.map(grantToProto),
        consistencyToken: result.consistencyToken,
      };
    },

    async batchCheckPermissions(req, context) {
      if (req.checks.length === 0) throw new InvalidArgumentError("checks", "must have at least one entry");
      if (req.checks.length > SCOPE_LIMITS.batchChecksMax) {
        throw new InvalidArgumentError("checks", `must have at most ${SCOPE_LIMITS.batchChecksMax} entries`);
      }
      const checks = req.checks.map((check, index) => {
        if (check.consistency !== undefined) {
          throw new InvalidArgumentError(`checks[${index}].consistency`, "must be unset: set the batch's consistency");
        }
        return checkInput(`checks[${index}].`, check);
      });
      const consistency = consistencyRequest("consistency", req.consistency);
      const { results, consistencyToken } = await scopes.checkMany(callerOf(context), { checks, consistency });
      return {
        results: results.map((result) => ({ allowed: result.allowed, grants: result.grants.map(grantToProto) })),
        consistencyToken,
      };
    },

    async *listSubjectScopes(req, context) {
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const permission = rules.permission("permission", req.permission);
      const consistency = consistencyRequest("consistency", req.consistency);
      for await (const batch of scopes.subjectScopes(callerOf(context), { subjectId, permission, consistency })) {
        yield { scopes: batch.scopes.map(scopeToProto), consistencyToken: batch.consistencyToken };
      }
    },
  };
}
