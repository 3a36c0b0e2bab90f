/**
 * The scope model's views (what callers see of each stored row), the
 * validated inputs the repositories take, and the row mappers and selects the
 * scope repositories share.
 */

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

export type Row = Record<string, unknown>;

const date = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));
const optional = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
const json = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));

export function toScopeType(row: Row): ScopeTypeView {
  return {
    id: String(row.id),
    name: String(row.name),
    permissionMode: row.permission_mode as PermissionModeKey,
    allowedParentTypeIds: json<string[] | null>(row.allowed_parent_type_ids) ?? [],
    createTime: date(row.create_time),
  };
}

export function toScope(row: Row): ScopeView {
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

export function toSubject(row: Row): SubjectView {
  return {
    id: String(row.id),
    kind: row.kind as SubjectKindKey,
    externalId: optional(row.external_id),
    displayName: String(row.display_name),
    createTime: date(row.create_time),
  };
}

export function toRole(row: Row): RoleView {
  return {
    id: String(row.id),
    name: String(row.name),
    permissions: json<string[]>(row.permissions),
    scopeId: optional(row.scope_id),
    createTime: date(row.create_time),
    updateTime: date(row.update_time),
  };
}

export function toMembership(row: Row): MembershipView {
  return {
    scopeId: String(row.scope_id),
    subjectId: String(row.subject_id),
    roleIds: json<string[]>(row.role_ids),
    createTime: date(row.create_time),
    updateTime: date(row.update_time),
  };
}

export const SCOPE_TYPE_SELECT = `select t.id, t.name, t.permission_mode, t.create_time,
  (select jsonb_agg(p.parent_type_id order by p.parent_type_id) from scope_type_parent p
    where p.instance_id = t.instance_id and p.type_id = t.id) as allowed_parent_type_ids
  from scope_type t`;
export const SCOPE_SELECT =
  "select s.id, s.type_id, s.name, s.external_id, s.parent_id, s.meta, s.depth, s.create_time, s.update_time from scope s";
export const SUBJECT_SELECT = "select id, kind, external_id, display_name, create_time from subject";
export const ROLE_SELECT = "select id, name, permissions, scope_id, create_time, update_time from role";
export const MEMBERSHIP_SELECT = `select m.scope_id, m.subject_id, m.create_time, m.update_time,
  coalesce((select jsonb_agg(r.role_id order by r.role_id) from membership_role r
    where r.instance_id = m.instance_id and r.scope_id = m.scope_id and r.subject_id = m.subject_id), '[]') as role_ids
  from membership m`;

/** page cuts the extra row a query fetched to learn whether another page follows. */
export function page<T>(rows: T[], size: number, key: (row: T) => string[]): Page<T> {
  if (rows.length <= size) return { items: rows, nextAfter: undefined };
  const items = rows.slice(0, size);
  return { items, nextAfter: key(items[items.length - 1] as T) };
}
