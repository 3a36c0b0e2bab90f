import { InvalidArgumentError } from "../../domain/errors.js";
import { pageSize } from "../../domain/pages.js";
import { BEDROCK_PAGE } from "../../domain/scope-rules.js";
import type {
  CheckInput,
  CheckResult,
  MembershipView,
  PageRequest,
  PermissionModeKey,
  RoleView,
  ScopeTypeView,
  ScopeView,
  SubjectKindKey,
  SubjectView,
} from "../../use-cases/scopes.js";
import type { Params } from "./request.js";

/**
 * The Bedrock API's wire shapes for the scope model: camelCase, ids as the
 * reference spells them, absent optional values as `null`, times as ISO 8601
 * strings (the reference documents none; see docs/bedrock-compat.md).
 */

/** scopeToBedrock is a scope: the reference's `{id, name, typeId, externalId}` plus latchkey's own fields. */
export function scopeToBedrock(view: ScopeView) {
  return {
    id: view.id,
    name: view.name,
    typeId: view.typeId,
    externalId: view.externalId ?? null,
    parentScopeId: view.parentScopeId ?? null,
    meta: view.meta,
    depth: view.depth,
    createdAt: view.createTime.toISOString(),
    updatedAt: view.updateTime.toISOString(),
  };
}

/** scopeTypeToBedrock is a scope type with its `config.permissionMode` and the types it may be placed under. */
export function scopeTypeToBedrock(view: ScopeTypeView) {
  return {
    id: view.id,
    name: view.name,
    config: { permissionMode: view.permissionMode },
    allowedParentTypeIds: view.allowedParentTypeIds,
    createdAt: view.createTime.toISOString(),
  };
}

/** subjectToBedrock is a subject, its kind as the reference's `subjectType`. */
export function subjectToBedrock(view: SubjectView) {
  return {
    id: view.id,
    subjectType: view.kind,
    externalId: view.externalId ?? null,
    displayName: view.displayName,
    createdAt: view.createTime.toISOString(),
  };
}

/** roleToBedrock is a role with the permission patterns it grants and the scope it is defined at (null: everywhere). */
export function roleToBedrock(view: RoleView) {
  return {
    id: view.id,
    name: view.name,
    permissions: view.permissions,
    scopeId: view.scopeId ?? null,
    createdAt: view.createTime.toISOString(),
    updatedAt: view.updateTime.toISOString(),
  };
}

/** membershipToBedrock is a subject's membership of a scope with the roles it holds there. */
export function membershipToBedrock(view: MembershipView) {
  return {
    scopeId: view.scopeId,
    subjectId: view.subjectId,
    roleIds: view.roleIds,
    createdAt: view.createTime.toISOString(),
    updatedAt: view.updateTime.toISOString(),
  };
}

/**
 * evaluationToBedrock is the reference's decision `{allowed, matches,
 * explanation}`: each match is a grant (the role, the scope holding the
 * membership, the matching pattern, how many levels up), and the explanation
 * says why in one sentence.
 */
export function evaluationToBedrock(input: CheckInput, result: CheckResult) {
  const [first] = result.grants;
  const explanation =
    first === undefined
      ? `${input.subjectId} holds no role granting ${input.permission} in ${input.scopeId} ` +
        "or in the ancestors it inherits from"
      : `${input.subjectId} may ${input.permission} in ${input.scopeId}: role ${first.roleId}, held in ` +
        `${first.scopeId}${first.distance === 0 ? "" : ` (${first.distance} level${first.distance === 1 ? "" : "s"} up)`}, ` +
        `grants ${first.permission}`;
  const matches = result.grants.map((grant) => ({
    roleId: grant.roleId,
    scopeId: grant.scopeId,
    permission: grant.permission,
    distance: grant.distance,
  }));
  return { allowed: result.allowed, matches, explanation };
}

/**
 * PERMISSION_MODES maps the reference's `permissionMode` values: `define`
 * stops inheritance at scopes of the type; `inherit` (the guides' word) and
 * `merge` (the concept page's) both mean "inherit from ancestors and add
 * your own", which latchkey stores and answers as `inherit`.
 */
const PERMISSION_MODES: Record<string, PermissionModeKey> = { define: "define", inherit: "inherit", merge: "inherit" };

/** permissionModeFromBedrock reads `config.permissionMode`; absent is `inherit`. */
export function permissionModeFromBedrock(config: Params | undefined): PermissionModeKey {
  const raw = config?.string("permissionMode");
  if (raw === undefined || config === undefined) return "inherit";
  const mode = PERMISSION_MODES[raw];
  if (mode === undefined)
    throw new InvalidArgumentError(config.name("permissionMode"), "must be define, inherit or merge");
  return mode;
}

const SUBJECT_TYPES: readonly SubjectKindKey[] = ["user", "agent", "service"];

/** subjectTypeFromBedrock reads a `subjectType`: user, agent or service (the reference's `system` and `api_key` are not kept). */
export function subjectTypeFromBedrock(field: string, raw: string | undefined): SubjectKindKey | undefined {
  if (raw === undefined) return undefined;
  const kind = SUBJECT_TYPES.find((type) => type === raw);
  if (kind === undefined) throw new InvalidArgumentError(field, `must be ${SUBJECT_TYPES.join(", ")}`);
  return kind;
}

/** stringMap reads an object parameter whose values must all be strings, such as a scope's `meta`. */
export function stringMap(params: Params, name: string): Record<string, string> {
  const value = params.object(name) ?? {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "string") {
      throw new InvalidArgumentError(`${params.name(name)}.${key}`, "must be a string (latchkey keeps text labels)");
    }
  }
  return value as Record<string, string>;
}

/** LIST_QUERY are the query parameters of every Bedrock list: `limit` and `after`. */
export const LIST_QUERY = ["limit", "after"] as const;

/**
 * pageFromQuery reads a list's `limit` (1–1000, default 100) and `after` (the
 * last key of the previous page, checked with `key`). The answer is a bare
 * array, as the reference's lists are; a page shorter than `limit` is the last.
 */
export function pageFromQuery(query: Params, key: (field: string, raw: string) => string): PageRequest {
  const size = pageSize("limit", query.integer("limit"), BEDROCK_PAGE);
  const after = query.string("after");
  return {
    size,
    after: after === undefined ? undefined : key("after", after),
  };
}
