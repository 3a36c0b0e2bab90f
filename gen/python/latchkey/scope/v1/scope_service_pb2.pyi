from google.protobuf import field_mask_pb2 as _field_mask_pb2
from latchkey.scope.v1 import consistency_pb2 as _consistency_pb2
from latchkey.scope.v1 import scope_pb2 as _scope_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BatchCheckPermissionsRequest(_message.Message):
    __slots__ = ["checks", "consistency"]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    checks: _containers.RepeatedCompositeFieldContainer[CheckPermissionRequest]
    consistency: _consistency_pb2.Consistency
    def __init__(self, checks: _Optional[_Iterable[_Union[CheckPermissionRequest, _Mapping]]] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class BatchCheckPermissionsResponse(_message.Message):
    __slots__ = ["consistency_token", "results"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    results: _containers.RepeatedCompositeFieldContainer[CheckPermissionResponse]
    def __init__(self, results: _Optional[_Iterable[_Union[CheckPermissionResponse, _Mapping]]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class BatchCreateScopesRequest(_message.Message):
    __slots__ = ["scopes"]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    scopes: _containers.RepeatedCompositeFieldContainer[CreateScopeRequest]
    def __init__(self, scopes: _Optional[_Iterable[_Union[CreateScopeRequest, _Mapping]]] = ...) -> None: ...

class BatchCreateScopesResponse(_message.Message):
    __slots__ = ["consistency_token", "scopes"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scopes: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Scope]
    def __init__(self, scopes: _Optional[_Iterable[_Union[_scope_pb2.Scope, _Mapping]]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class CheckPermissionRequest(_message.Message):
    __slots__ = ["consistency", "permission", "scope_id", "subject_id"]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    permission: str
    scope_id: str
    subject_id: str
    def __init__(self, subject_id: _Optional[str] = ..., scope_id: _Optional[str] = ..., permission: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class CheckPermissionResponse(_message.Message):
    __slots__ = ["allowed", "consistency_token", "grants"]
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    GRANTS_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    consistency_token: str
    grants: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Grant]
    def __init__(self, allowed: bool = ..., grants: _Optional[_Iterable[_Union[_scope_pb2.Grant, _Mapping]]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class CreateMembershipRequest(_message.Message):
    __slots__ = ["role_ids", "scope_id", "subject_id"]
    ROLE_IDS_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    role_ids: _containers.RepeatedScalarFieldContainer[str]
    scope_id: str
    subject_id: str
    def __init__(self, scope_id: _Optional[str] = ..., subject_id: _Optional[str] = ..., role_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateMembershipResponse(_message.Message):
    __slots__ = ["consistency_token", "membership"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    membership: _scope_pb2.Membership
    def __init__(self, membership: _Optional[_Union[_scope_pb2.Membership, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class CreateRoleRequest(_message.Message):
    __slots__ = ["id", "name", "permissions", "scope_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    scope_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ..., scope_id: _Optional[str] = ...) -> None: ...

class CreateRoleResponse(_message.Message):
    __slots__ = ["consistency_token", "role"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    role: _scope_pb2.Role
    def __init__(self, role: _Optional[_Union[_scope_pb2.Role, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class CreateScopeRequest(_message.Message):
    __slots__ = ["external_id", "id", "memberships", "meta", "name", "parent_scope_id", "type_id"]
    class MetaEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIPS_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_ID_FIELD_NUMBER: _ClassVar[int]
    external_id: str
    id: str
    memberships: _containers.RepeatedCompositeFieldContainer[_scope_pb2.MembershipSpec]
    meta: _containers.ScalarMap[str, str]
    name: str
    parent_scope_id: str
    type_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., type_id: _Optional[str] = ..., external_id: _Optional[str] = ..., parent_scope_id: _Optional[str] = ..., meta: _Optional[_Mapping[str, str]] = ..., memberships: _Optional[_Iterable[_Union[_scope_pb2.MembershipSpec, _Mapping]]] = ...) -> None: ...

class CreateScopeResponse(_message.Message):
    __slots__ = ["consistency_token", "scope"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scope: _scope_pb2.Scope
    def __init__(self, scope: _Optional[_Union[_scope_pb2.Scope, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class CreateScopeTypeRequest(_message.Message):
    __slots__ = ["allowed_parent_type_ids", "id", "name", "permission_mode"]
    ALLOWED_PARENT_TYPE_IDS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_MODE_FIELD_NUMBER: _ClassVar[int]
    allowed_parent_type_ids: _containers.RepeatedScalarFieldContainer[str]
    id: str
    name: str
    permission_mode: _scope_pb2.PermissionMode
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., permission_mode: _Optional[_Union[_scope_pb2.PermissionMode, str]] = ..., allowed_parent_type_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateScopeTypeResponse(_message.Message):
    __slots__ = ["consistency_token", "scope_type"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_TYPE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scope_type: _scope_pb2.ScopeType
    def __init__(self, scope_type: _Optional[_Union[_scope_pb2.ScopeType, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class CreateSubjectRequest(_message.Message):
    __slots__ = ["display_name", "external_id", "id", "kind"]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    display_name: str
    external_id: str
    id: str
    kind: _scope_pb2.SubjectKind
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[_scope_pb2.SubjectKind, str]] = ..., external_id: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class CreateSubjectResponse(_message.Message):
    __slots__ = ["consistency_token", "subject"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    subject: _scope_pb2.Subject
    def __init__(self, subject: _Optional[_Union[_scope_pb2.Subject, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class DeleteMembershipRequest(_message.Message):
    __slots__ = ["scope_id", "subject_id"]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    scope_id: str
    subject_id: str
    def __init__(self, scope_id: _Optional[str] = ..., subject_id: _Optional[str] = ...) -> None: ...

class DeleteMembershipResponse(_message.Message):
    __slots__ = ["consistency_token"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    def __init__(self, consistency_token: _Optional[str] = ...) -> None: ...

class DeleteRoleRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteRoleResponse(_message.Message):
    __slots__ = ["consistency_token"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    def __init__(self, consistency_token: _Optional[str] = ...) -> None: ...

class DeleteScopeRequest(_message.Message):
    __slots__ = ["cascade", "id"]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    cascade: bool
    id: str
    def __init__(self, id: _Optional[str] = ..., cascade: bool = ...) -> None: ...

class DeleteScopeResponse(_message.Message):
    __slots__ = ["consistency_token", "deleted_scope_count"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    DELETED_SCOPE_COUNT_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    deleted_scope_count: int
    def __init__(self, deleted_scope_count: _Optional[int] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class DeleteScopeTypeRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteScopeTypeResponse(_message.Message):
    __slots__ = ["consistency_token"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    def __init__(self, consistency_token: _Optional[str] = ...) -> None: ...

class DeleteSubjectRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteSubjectResponse(_message.Message):
    __slots__ = ["consistency_token"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    def __init__(self, consistency_token: _Optional[str] = ...) -> None: ...

class GetRoleRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetRoleResponse(_message.Message):
    __slots__ = ["role"]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    role: _scope_pb2.Role
    def __init__(self, role: _Optional[_Union[_scope_pb2.Role, _Mapping]] = ...) -> None: ...

class GetScopeRequest(_message.Message):
    __slots__ = ["consistency", "id"]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    id: str
    def __init__(self, id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class GetScopeResponse(_message.Message):
    __slots__ = ["consistency_token", "scope"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scope: _scope_pb2.Scope
    def __init__(self, scope: _Optional[_Union[_scope_pb2.Scope, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class GetScopeTypeRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetScopeTypeResponse(_message.Message):
    __slots__ = ["scope_type"]
    SCOPE_TYPE_FIELD_NUMBER: _ClassVar[int]
    scope_type: _scope_pb2.ScopeType
    def __init__(self, scope_type: _Optional[_Union[_scope_pb2.ScopeType, _Mapping]] = ...) -> None: ...

class GetSubjectRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetSubjectResponse(_message.Message):
    __slots__ = ["subject"]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    subject: _scope_pb2.Subject
    def __init__(self, subject: _Optional[_Union[_scope_pb2.Subject, _Mapping]] = ...) -> None: ...

class ListMembershipsRequest(_message.Message):
    __slots__ = ["page_size", "page_token", "scope_id", "subject_id"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    scope_id: str
    subject_id: str
    def __init__(self, scope_id: _Optional[str] = ..., subject_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMembershipsResponse(_message.Message):
    __slots__ = ["memberships", "next_page_token"]
    MEMBERSHIPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    memberships: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Membership]
    next_page_token: str
    def __init__(self, memberships: _Optional[_Iterable[_Union[_scope_pb2.Membership, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListRolesRequest(_message.Message):
    __slots__ = ["page_size", "page_token", "scope_id"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    scope_id: str
    def __init__(self, scope_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRolesResponse(_message.Message):
    __slots__ = ["next_page_token", "roles"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    roles: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Role]
    def __init__(self, roles: _Optional[_Iterable[_Union[_scope_pb2.Role, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListScopeAncestorsRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListScopeAncestorsResponse(_message.Message):
    __slots__ = ["scopes"]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    scopes: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Scope]
    def __init__(self, scopes: _Optional[_Iterable[_Union[_scope_pb2.Scope, _Mapping]]] = ...) -> None: ...

class ListScopeTypesRequest(_message.Message):
    __slots__ = ["page_size", "page_token"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListScopeTypesResponse(_message.Message):
    __slots__ = ["next_page_token", "scope_types"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_TYPES_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    scope_types: _containers.RepeatedCompositeFieldContainer[_scope_pb2.ScopeType]
    def __init__(self, scope_types: _Optional[_Iterable[_Union[_scope_pb2.ScopeType, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListScopesRequest(_message.Message):
    __slots__ = ["consistency", "external_id", "ids", "page_size", "page_token", "parent_scope_id", "roots_only", "type_id"]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PARENT_SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    ROOTS_ONLY_FIELD_NUMBER: _ClassVar[int]
    TYPE_ID_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    external_id: str
    ids: _containers.RepeatedScalarFieldContainer[str]
    page_size: int
    page_token: str
    parent_scope_id: str
    roots_only: bool
    type_id: str
    def __init__(self, parent_scope_id: _Optional[str] = ..., type_id: _Optional[str] = ..., external_id: _Optional[str] = ..., ids: _Optional[_Iterable[str]] = ..., roots_only: bool = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListScopesResponse(_message.Message):
    __slots__ = ["consistency_token", "next_page_token", "scopes"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    next_page_token: str
    scopes: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Scope]
    def __init__(self, scopes: _Optional[_Iterable[_Union[_scope_pb2.Scope, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class ListSubjectScopesRequest(_message.Message):
    __slots__ = ["consistency", "permission", "subject_id"]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    permission: str
    subject_id: str
    def __init__(self, subject_id: _Optional[str] = ..., permission: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListSubjectScopesResponse(_message.Message):
    __slots__ = ["consistency_token", "scopes"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scopes: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Scope]
    def __init__(self, scopes: _Optional[_Iterable[_Union[_scope_pb2.Scope, _Mapping]]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class ListSubjectsRequest(_message.Message):
    __slots__ = ["external_id", "kind", "page_size", "page_token"]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    external_id: str
    kind: _scope_pb2.SubjectKind
    page_size: int
    page_token: str
    def __init__(self, kind: _Optional[_Union[_scope_pb2.SubjectKind, str]] = ..., external_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSubjectsResponse(_message.Message):
    __slots__ = ["next_page_token", "subjects"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    subjects: _containers.RepeatedCompositeFieldContainer[_scope_pb2.Subject]
    def __init__(self, subjects: _Optional[_Iterable[_Union[_scope_pb2.Subject, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateMembershipRequest(_message.Message):
    __slots__ = ["role_ids", "scope_id", "subject_id"]
    ROLE_IDS_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    role_ids: _containers.RepeatedScalarFieldContainer[str]
    scope_id: str
    subject_id: str
    def __init__(self, scope_id: _Optional[str] = ..., subject_id: _Optional[str] = ..., role_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateMembershipResponse(_message.Message):
    __slots__ = ["consistency_token", "membership"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    membership: _scope_pb2.Membership
    def __init__(self, membership: _Optional[_Union[_scope_pb2.Membership, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class UpdateRoleRequest(_message.Message):
    __slots__ = ["id", "role", "update_mask"]
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: str
    role: _scope_pb2.Role
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[str] = ..., role: _Optional[_Union[_scope_pb2.Role, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateRoleResponse(_message.Message):
    __slots__ = ["consistency_token", "role"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    role: _scope_pb2.Role
    def __init__(self, role: _Optional[_Union[_scope_pb2.Role, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class UpdateScopeRequest(_message.Message):
    __slots__ = ["id", "scope", "update_mask"]
    ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: str
    scope: _scope_pb2.Scope
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[str] = ..., scope: _Optional[_Union[_scope_pb2.Scope, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateScopeResponse(_message.Message):
    __slots__ = ["consistency_token", "scope"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scope: _scope_pb2.Scope
    def __init__(self, scope: _Optional[_Union[_scope_pb2.Scope, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class UpdateScopeTypeRequest(_message.Message):
    __slots__ = ["id", "scope_type", "update_mask"]
    ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_TYPE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: str
    scope_type: _scope_pb2.ScopeType
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[str] = ..., scope_type: _Optional[_Union[_scope_pb2.ScopeType, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateScopeTypeResponse(_message.Message):
    __slots__ = ["consistency_token", "scope_type"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_TYPE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scope_type: _scope_pb2.ScopeType
    def __init__(self, scope_type: _Optional[_Union[_scope_pb2.ScopeType, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...
