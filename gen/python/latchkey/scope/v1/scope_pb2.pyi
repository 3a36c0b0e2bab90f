from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
PERMISSION_MODE_DEFINE: PermissionMode
PERMISSION_MODE_INHERIT: PermissionMode
PERMISSION_MODE_UNSPECIFIED: PermissionMode
SUBJECT_KIND_AGENT: SubjectKind
SUBJECT_KIND_SERVICE: SubjectKind
SUBJECT_KIND_UNSPECIFIED: SubjectKind
SUBJECT_KIND_USER: SubjectKind

class Grant(_message.Message):
    __slots__ = ["distance", "permission", "role_id", "scope_id"]
    DISTANCE_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    ROLE_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    distance: int
    permission: str
    role_id: str
    scope_id: str
    def __init__(self, scope_id: _Optional[str] = ..., role_id: _Optional[str] = ..., permission: _Optional[str] = ..., distance: _Optional[int] = ...) -> None: ...

class Membership(_message.Message):
    __slots__ = ["create_time", "role_ids", "scope_id", "subject_id", "update_time"]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ROLE_IDS_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    role_ids: _containers.RepeatedScalarFieldContainer[str]
    scope_id: str
    subject_id: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, scope_id: _Optional[str] = ..., subject_id: _Optional[str] = ..., role_ids: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MembershipSpec(_message.Message):
    __slots__ = ["role_ids", "subject_id"]
    ROLE_IDS_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    role_ids: _containers.RepeatedScalarFieldContainer[str]
    subject_id: str
    def __init__(self, subject_id: _Optional[str] = ..., role_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Role(_message.Message):
    __slots__ = ["create_time", "id", "name", "permissions", "scope_id", "update_time"]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    id: str
    name: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    scope_id: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ..., scope_id: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Scope(_message.Message):
    __slots__ = ["create_time", "depth", "external_id", "id", "meta", "name", "parent_scope_id", "type_id", "update_time"]
    class MetaEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    depth: int
    external_id: str
    id: str
    meta: _containers.ScalarMap[str, str]
    name: str
    parent_scope_id: str
    type_id: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., type_id: _Optional[str] = ..., name: _Optional[str] = ..., external_id: _Optional[str] = ..., parent_scope_id: _Optional[str] = ..., meta: _Optional[_Mapping[str, str]] = ..., depth: _Optional[int] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ScopeType(_message.Message):
    __slots__ = ["allowed_parent_type_ids", "create_time", "id", "name", "permission_mode"]
    ALLOWED_PARENT_TYPE_IDS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_MODE_FIELD_NUMBER: _ClassVar[int]
    allowed_parent_type_ids: _containers.RepeatedScalarFieldContainer[str]
    create_time: _timestamp_pb2.Timestamp
    id: str
    name: str
    permission_mode: PermissionMode
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., permission_mode: _Optional[_Union[PermissionMode, str]] = ..., allowed_parent_type_ids: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Subject(_message.Message):
    __slots__ = ["create_time", "display_name", "external_id", "id", "kind"]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    display_name: str
    external_id: str
    id: str
    kind: SubjectKind
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[SubjectKind, str]] = ..., external_id: _Optional[str] = ..., display_name: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PermissionMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SubjectKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
