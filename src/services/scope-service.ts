import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { Consistency as ConsistencyMessage } from "../../gen/ts/latchkey/scope/v1/consistency_pb.js";
import type { CreateScopeRequest, ScopeService } from "../../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import type { Db } from "../db/orm.js";
import { type NewScope, type Page, ScopeRepository } from "../db/scope-repository.js";
import type { StandbyPool } from "../db/standby-pool.js";
import { currentPosition } from "../db/wal-position.js";
import type { Consistency, ConsistencyTokens, Lsn } from "../domain/consistency.js";
import { InvalidArgumentError } from "../domain/errors.js";
import { SCOPE_LIMITS } from "../domain/limits.js";
import type { PageTokens } from "../domain/page-tokens.js";
import * as rules from "../domain/scope-rules.js";
import { callScope, instanceScope } from "./call-scope.js";
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

/** Management calls: an instance key only. */
function manage(context: HandlerContext) {
  const { instanceId, db } = instanceScope(context);
  return { instanceId, db, repo: new ScopeRepository(db) };
}

/** Check calls: an instance key or a machine key, always inside the caller's instance. */
function checker(context: HandlerContext) {
  const { principal, db } = callScope(context);
  return { instanceId: principal.instanceId, db, repo: new ScopeRepository(db) };
}

/** ScopeConsistency is what the scope calls need for consistency tokens and reads from standbys. */
export type ScopeConsistency = { tokens: ConsistencyTokens; standbys: StandbyPool };

/**
 * consistencyOf reads a request's `consistency` (field `field`); unset is
 * fully consistent, the safe default: a check never misses a change.
 */
function consistencyOf(tokens: ConsistencyTokens, field: string, message: ConsistencyMessage | undefined): Consistency {
  const requirement = message?.requirement;
  switch (requirement?.case) {
    case undefined:
      return { kind: "fully-consistent" };
    case "fullyConsistent":
    case "minimizeLatency": {
      const name = requirement.case === "fullyConsistent" ? "fully_consistent" : "minimize_latency";
      if (!requirement.value) throw new InvalidArgumentError(`${field}.${name}`, "must be true when set");
      return { kind: requirement.case === "fullyConsistent" ? "fully-consistent" : "minimize-latency" };
    }
    case "atLeastAsFresh":
      return {
        kind: "at-least-as-fresh",
        lsn: tokens.open(`${field}.at_least_as_fresh`, requirement.value),
      };
  }
}

/** The page of a list call: size, where it starts, and how the next one is asked for. */
function pageRequest(tokens: PageTokens, list: string, req: { pageSize: number; pageToken: string }, filter: unknown) {
  const fingerprint = JSON.stringify(filter);
  const size = rules.pageSize(req.pageSize);
  const after = rules.decodePageToken(tokens, list, req.pageToken, fingerprint, 1)?.[0];
  const nextToken = (page: Page<unknown>) =>
    page.nextAfter === undefined ? "" : rules.encodePageToken(tokens, list, page.nextAfter, fingerprint);
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
 * createScopeService implements ScopeService: validate (naming the field),
 * one repository call in the caller's instance, map.
 */
export function createScopeService(
  pageTokens: PageTokens,
  { tokens, standbys }: ScopeConsistency,
): ServiceImpl<typeof ScopeService> {
  /** committed is the consistency token of a write `db` has just committed (its position is at or past it). */
  const committed = async (db: Db) => tokens.seal(await currentPosition(db));
  return {
    async createScopeType(req, context) {
      const id = rules.newOrGivenId("scopeType", "id", req.id);
      const input = {
        id,
        name: rules.text("name", req.name, true),
        permissionMode: permissionModeFromProto(req.permissionMode),
        allowedParentTypeIds: rules.distinctIds(
          "allowed_parent_type_ids",
          req.allowedParentTypeIds,
          SCOPE_LIMITS.allowedParentTypesMax,
          (field, raw) => rules.resourceId("scopeType", field, raw),
        ),
      };
      const { instanceId, db, repo } = manage(context);
      const scopeType = scopeTypeToProto(await repo.createScopeType(instanceId, input));
      return { scopeType, consistencyToken: await committed(db) };
    },

    async getScopeType(req, context) {
      const id = rules.resourceId("scopeType", "id", req.id);
      const { instanceId, repo } = manage(context);
      return { scopeType: scopeTypeToProto(await repo.getScopeType(instanceId, id)) };
    },

    async listScopeTypes(req, context) {
      const { size, after, nextToken } = pageRequest(pageTokens, "ListScopeTypes", req, {});
      const { instanceId, repo } = manage(context);
      const page = await repo.listScopeTypes(instanceId, size, after);
      return { scopeTypes: page.items.map(scopeTypeToProto), nextPageToken: nextToken(page) };
    },

    async deleteScopeType(req, context) {
      const id = rules.resourceId("scopeType", "id", req.id);
      const { instanceId, db, repo } = manage(context);
      await repo.deleteScopeType(instanceId, id);
      return { consistencyToken: await committed(db) };
    },

    async createScope(req, context) {
      const input = newScope("", req);
      const { instanceId, db, repo } = manage(context);
      const [scope] = await repo.createScopes(instanceId, [input]);
      return { scope: scope === undefined ? undefined : scopeToProto(scope), consistencyToken: await committed(db) };
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
      const { instanceId, db, repo } = manage(context);
      const scopes = (await repo.createScopes(instanceId, inputs)).map(scopeToProto);
      return { scopes, consistencyToken: await committed(db) };
    },

    async getScope(req, context) {
      const id = rules.resourceId("scope", "id", req.id);
      const { instanceId, repo } = manage(context);
      return { scope: scopeToProto(await repo.getScope(instanceId, id)) };
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
      const { instanceId, repo } = manage(context);
      const page = await repo.listScopes(instanceId, filter, size, after);
      return { scopes: page.items.map(scopeToProto), nextPageToken: nextToken(page) };
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
      const { instanceId, db, repo } = manage(context);
      const updated = scopeToProto(await repo.updateScope(instanceId, id, changes));
      return { scope: updated, consistencyToken: await committed(db) };
    },

    async deleteScope(req, context) {
      const id = rules.resourceId("scope", "id", req.id);
      const { instanceId, db, repo } = manage(context);
      const deletedScopeCount = await repo.deleteScope(instanceId, id, req.cascade);
      return { deletedScopeCount, consistencyToken: await committed(db) };
    },

    async createSubject(req, context) {
      const input = {
        id: rules.newOrGivenId("subject", "id", req.id),
        kind: subjectKindFromProto("kind", req.kind, true) ?? "user",
        externalId: rules.externalId("external_id", req.externalId),
        displayName: rules.text("display_name", req.displayName, false),
      };
      const { instanceId, db, repo } = manage(context);
      const subject = subjectToProto(await repo.createSubject(instanceId, input));
      return { subject, consistencyToken: await committed(db) };
    },

    async getSubject(req, context) {
      const id = rules.resourceId("subject", "id", req.id);
      const { instanceId, repo } = manage(context);
      return { subject: subjectToProto(await repo.getSubject(instanceId, id)) };
    },

    async listSubjects(req, context) {
      const filter = {
        kind: subjectKindFromProto("kind", req.kind, false),
        externalId: rules.externalId("external_id", req.externalId),
      };
      const { size, after, nextToken } = pageRequest(pageTokens, "ListSubjects", req, filter);
      const { instanceId, repo } = manage(context);
      const page = await repo.listSubjects(instanceId, filter, size, after);
      return { subjects: page.items.map(subjectToProto), nextPageToken: nextToken(page) };
    },

    async deleteSubject(req, context) {
      const id = rules.resourceId("subject", "id", req.id);
      const { instanceId, db, repo } = manage(context);
      await repo.deleteSubject(instanceId, id);
      return { consistencyToken: await committed(db) };
    },

    async createRole(req, context) {
      const input = {
        id: rules.newOrGivenId("role", "id", req.id),
        name: rules.text("name", req.name, true),
        permissions: rules.permissionPatterns("permissions", req.permissions),
        scopeId: rules.optionalResourceId("scope", "scope_id", req.scopeId),
      };
      const { instanceId, db, repo } = manage(context);
      const role = roleToProto(await repo.createRole(instanceId, input));
      return { role, consistencyToken: await committed(db) };
    },

    async getRole(req, context) {
      const id = rules.resourceId("role", "id", req.id);
      const { instanceId, repo } = manage(context);
      return { role: roleToProto(await repo.getRole(instanceId, id)) };
    },

    async listRoles(req, context) {
      const scopeId = rules.optionalResourceId("scope", "scope_id", req.scopeId);
      const { size, after, nextToken } = pageRequest(pageTokens, "ListRoles", req, { scopeId });
      const { instanceId, repo } = manage(context);
      const page = await repo.listRoles(instanceId, scopeId, size, after);
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
      const { instanceId, db, repo } = manage(context);
      const role = roleToProto(await repo.updateRole(instanceId, id, changes));
      return { role, consistencyToken: await committed(db) };
    },

    async deleteRole(req, context) {
      const id = rules.resourceId("role", "id", req.id);
      const { instanceId, db, repo } = manage(context);
      await repo.deleteRole(instanceId, id);
      return { consistencyToken: await committed(db) };
    },

    async createMembership(req, context) {
      const scopeId = rules.resourceId("scope", "scope_id", req.scopeId);
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const roles = roleIds("role_ids", req.roleIds);
      const { instanceId, db, repo } = manage(context);
      const membership = membershipToProto(await repo.createMembership(instanceId, scopeId, subjectId, roles));
      return { membership, consistencyToken: await committed(db) };
    },

    async updateMembership(req, context) {
      const scopeId = rules.resourceId("scope", "scope_id", req.scopeId);
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const roles = roleIds("role_ids", req.roleIds);
      const { instanceId, db, repo } = manage(context);
      const membership = membershipToProto(await repo.updateMembership(instanceId, scopeId, subjectId, roles));
      return { membership, consistencyToken: await committed(db) };
    },

    async deleteMembership(req, context) {
      const scopeId = rules.resourceId("scope", "scope_id", req.scopeId);
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const { instanceId, db, repo } = manage(context);
      await repo.deleteMembership(instanceId, scopeId, subjectId);
      return { consistencyToken: await committed(db) };
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
      const { instanceId, repo } = manage(context);
      const page = await repo.listMemberships(instanceId, by, size, after);
      return { memberships: page.items.map(membershipToProto), nextPageToken: nextToken(page) };
    },

    async checkPermission(req, context) {
      const input = checkInput("", req);
      const consistency = consistencyOf(tokens, "consistency", req.consistency);
      const { instanceId, db } = checker(context);
      const result = await standbys.read(db, consistency, (readDb) =>
        new ScopeRepository(readDb).check(instanceId, input.subjectId, input.scopeId, input.permission),
      );
      return {
        allowed: result.allowed,
        grants: result.grants.map(grantToProto),
        consistencyToken: tokens.seal(result.readAt),
      };
    },

    async batchCheckPermissions(req, context) {
      if (req.checks.length === 0) throw new InvalidArgumentError("checks", "must have at least one entry");
      if (req.checks.length > SCOPE_LIMITS.batchChecksMax) {
        throw new InvalidArgumentError("checks", `must have at most ${SCOPE_LIMITS.batchChecksMax} entries`);
      }
      const inputs = req.checks.map((check, index) => {
        if (check.consistency !== undefined) {
          throw new InvalidArgumentError(`checks[${index}].consistency`, "must be unset: set the batch's consistency");
        }
        return checkInput(`checks[${index}].`, check);
      });
      const consistency = consistencyOf(tokens, "consistency", req.consistency);
      const { instanceId, db } = checker(context);
      // All on one server. The token is the freshest check's position, so a read at least as fresh as it sees
      // everything any of these checks saw.
      const results = await standbys.read(db, consistency, async (readDb) => {
        const repo = new ScopeRepository(readDb);
        const answers = [];
        for (const input of inputs) {
          answers.push(await repo.check(instanceId, input.subjectId, input.scopeId, input.permission));
        }
        return answers;
      });
      const readAt = results.reduce<Lsn>(
        (freshest, result) => (result.readAt > freshest ? result.readAt : freshest),
        0n,
      );
      return {
        results: results.map((result) => ({ allowed: result.allowed, grants: result.grants.map(grantToProto) })),
        consistencyToken: tokens.seal(readAt),
      };
    },

    async *listSubjectScopes(req, context) {
      const subjectId = rules.subjectId("subject_id", req.subjectId);
      const permission = rules.permission("permission", req.permission);
      const { instanceId, repo } = checker(context);
      await repo.requireSubjectExists(instanceId, subjectId);
      for await (const batch of repo.subjectScopes(instanceId, subjectId, permission, context.signal)) {
        yield { scopes: batch.map(scopeToProto) };
      }
    },
  };
}
