import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  type Grant,
  GrantSchema,
  type Membership,
  MembershipSchema,
  PermissionMode,
  type Role,
  RoleSchema,
  type Scope,
  ScopeSchema,
  type ScopeType,
  ScopeTypeSchema,
  type Subject,
  SubjectKind,
  SubjectSchema,
} from "../../gen/ts/latchkey/scope/v1/scope_pb.js";
import { InvalidArgumentError } from "../domain/errors.js";
import type {
  GrantView,
  MembershipView,
  PermissionModeKey,
  RoleView,
  ScopeTypeView,
  ScopeView,
  SubjectKindKey,
  SubjectView,
} from "../use-cases/scopes.js";

const MODE_TO_PROTO: Record<PermissionModeKey, PermissionMode> = {
  inherit: PermissionMode.INHERIT,
  define: PermissionMode.DEFINE,
};

const KIND_TO_PROTO: Record<SubjectKindKey, SubjectKind> = {
  user: SubjectKind.USER,
  agent: SubjectKind.AGENT,
  service: SubjectKind.SERVICE,
};

/** permissionModeFromProto maps permission_mode; unset is INHERIT, an unknown value InvalidArgument. */
export function permissionModeFromProto(mode: PermissionMode): PermissionModeKey {
  if (mode === PermissionMode.UNSPECIFIED || mode === PermissionMode.INHERIT) return "inherit";
  if (mode === PermissionMode.DEFINE) return "define";
  throw new InvalidArgumentError("permission_mode", `unknown value ${mode}`);
}

/** subjectKindFromProto maps a subject kind; `required` refuses UNSPECIFIED, otherwise it means "any". */
export function subjectKindFromProto(field: string, kind: SubjectKind, required: boolean): SubjectKindKey | undefined {
  if (kind === SubjectKind.UNSPECIFIED) {
    if (required) throw new InvalidArgumentError(field, "is required: USER, AGENT or SERVICE");
    return undefined;
  }
  const key = (Object.keys(KIND_TO_PROTO) as SubjectKindKey[]).find((k) => KIND_TO_PROTO[k] === kind);
  if (key === undefined) throw new InvalidArgumentError(field, `unknown value ${kind}`);
  return key;
}

/** scopeTypeToProto maps a stored scope type. */
export function scopeTypeToProto(view: ScopeTypeView): ScopeType {
  return create(ScopeTypeSchema, {
    id: view.id,
    name: view.name,
    permissionMode: MODE_TO_PROTO[view.permissionMode],
    allowedParentTypeIds: view.allowedParentTypeIds,
    createTime: timestampFromDate(view.createTime),
  });
}

/** scopeToProto maps a stored scope. */
export function scopeToProto(view: ScopeView): Scope {
  return create(ScopeSchema, {
    id: view.id,
    typeId: view.typeId,
    name: view.name,
    externalId: view.externalId,
    parentScopeId: view.parentScopeId,
    meta: view.meta,
    depth: view.depth,
    createTime: timestampFromDate(view.createTime),
    updateTime: timestampFromDate(view.updateTime),
  });
}

/** subjectToProto maps a stored subject. */
export function subjectToProto(view: SubjectView): Subject {
  return create(SubjectSchema, {
    id: view.id,
    kind: KIND_TO_PROTO[view.kind],
    externalId: view.externalId,
    displayName: view.displayName,
    createTime: timestampFromDate(view.createTime),
  });
}

/** roleToProto maps a stored role. */
export function roleToProto(view: RoleView): Role {
  return create(RoleSchema, {
    id: view.id,
    name: view.name,
    permissions: view.permissions,
    scopeId: view.scopeId,
    createTime: timestampFromDate(view.createTime),
    updateTime: timestampFromDate(view.updateTime),
  });
}

/** membershipToProto maps a stored membership. */
export function membershipToProto(view: MembershipView): Membership {
  return create(MembershipSchema, {
    scopeId: view.scopeId,
    subjectId: view.subjectId,
    roleIds: view.roleIds,
    createTime: timestampFromDate(view.createTime),
    updateTime: timestampFromDate(view.updateTime),
  });
}

/** grantToProto maps one reason a check is allowed. */
export function grantToProto(view: GrantView): Grant {
  return create(GrantSchema, view);
}
