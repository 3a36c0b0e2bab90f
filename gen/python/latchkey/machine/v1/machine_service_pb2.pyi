from google.protobuf import timestamp_pb2 as _timestamp_pb2
from latchkey.machine.v1 import machine_pb2 as _machine_pb2
from latchkey.scope.v1 import consistency_pb2 as _consistency_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
MACHINE_ORDER_CREATE_TIME_ASC: MachineOrder
MACHINE_ORDER_CREATE_TIME_DESC: MachineOrder
MACHINE_ORDER_NAME_ASC: MachineOrder
MACHINE_ORDER_NAME_DESC: MachineOrder
MACHINE_ORDER_UNSPECIFIED: MachineOrder

class CreateMachineRequest(_message.Message):
    __slots__ = ["default_token_ttl_seconds", "name", "scoped_machine_ids"]
    DEFAULT_TOKEN_TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCOPED_MACHINE_IDS_FIELD_NUMBER: _ClassVar[int]
    default_token_ttl_seconds: int
    name: str
    scoped_machine_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., scoped_machine_ids: _Optional[_Iterable[str]] = ..., default_token_ttl_seconds: _Optional[int] = ...) -> None: ...

class CreateMachineResponse(_message.Message):
    __slots__ = ["consistency_token", "machine", "secret_key"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MACHINE_FIELD_NUMBER: _ClassVar[int]
    SECRET_KEY_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    machine: _machine_pb2.Machine
    secret_key: str
    def __init__(self, machine: _Optional[_Union[_machine_pb2.Machine, _Mapping]] = ..., secret_key: _Optional[str] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class CreateMachineScopeRequest(_message.Message):
    __slots__ = ["machine_id", "to_machine_id"]
    MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    machine_id: str
    to_machine_id: str
    def __init__(self, machine_id: _Optional[str] = ..., to_machine_id: _Optional[str] = ...) -> None: ...

class CreateMachineScopeResponse(_message.Message):
    __slots__ = ["consistency_token", "scope"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    scope: _machine_pb2.MachineScope
    def __init__(self, scope: _Optional[_Union[_machine_pb2.MachineScope, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class DeleteMachineRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteMachineResponse(_message.Message):
    __slots__ = ["consistency_token", "id"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    id: str
    def __init__(self, id: _Optional[str] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class DeleteMachineScopeRequest(_message.Message):
    __slots__ = ["machine_id", "other_machine_id"]
    MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    machine_id: str
    other_machine_id: str
    def __init__(self, machine_id: _Optional[str] = ..., other_machine_id: _Optional[str] = ...) -> None: ...

class DeleteMachineScopeResponse(_message.Message):
    __slots__ = ["consistency_token"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    def __init__(self, consistency_token: _Optional[str] = ...) -> None: ...

class GetMachineRequest(_message.Message):
    __slots__ = ["consistency", "id"]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    id: str
    def __init__(self, id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class GetMachineResponse(_message.Message):
    __slots__ = ["consistency_token", "machine"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MACHINE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    machine: _machine_pb2.Machine
    def __init__(self, machine: _Optional[_Union[_machine_pb2.Machine, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class GetMachineSecretKeyRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetMachineSecretKeyResponse(_message.Message):
    __slots__ = ["secret_key"]
    SECRET_KEY_FIELD_NUMBER: _ClassVar[int]
    secret_key: str
    def __init__(self, secret_key: _Optional[str] = ...) -> None: ...

class ListMachinesRequest(_message.Message):
    __slots__ = ["after", "consistency", "limit", "offset", "order_by", "query"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    after: str
    consistency: _consistency_pb2.Consistency
    limit: int
    offset: int
    order_by: MachineOrder
    query: str
    def __init__(self, query: _Optional[str] = ..., order_by: _Optional[_Union[MachineOrder, str]] = ..., limit: _Optional[int] = ..., offset: _Optional[int] = ..., after: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListMachinesResponse(_message.Message):
    __slots__ = ["consistency_token", "cursor", "machines", "total_count"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    MACHINES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    cursor: str
    machines: _containers.RepeatedCompositeFieldContainer[_machine_pb2.Machine]
    total_count: int
    def __init__(self, machines: _Optional[_Iterable[_Union[_machine_pb2.Machine, _Mapping]]] = ..., total_count: _Optional[int] = ..., cursor: _Optional[str] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class RotateMachineSecretKeyRequest(_message.Message):
    __slots__ = ["id", "previous_key_ttl_seconds"]
    ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_KEY_TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    previous_key_ttl_seconds: int
    def __init__(self, id: _Optional[str] = ..., previous_key_ttl_seconds: _Optional[int] = ...) -> None: ...

class RotateMachineSecretKeyResponse(_message.Message):
    __slots__ = ["consistency_token", "previous_key_expire_time", "secret_key"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_KEY_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    SECRET_KEY_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    previous_key_expire_time: _timestamp_pb2.Timestamp
    secret_key: str
    def __init__(self, secret_key: _Optional[str] = ..., previous_key_expire_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class UpdateMachineRequest(_message.Message):
    __slots__ = ["default_token_ttl_seconds", "id", "name"]
    DEFAULT_TOKEN_TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    default_token_ttl_seconds: int
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., default_token_ttl_seconds: _Optional[int] = ...) -> None: ...

class UpdateMachineResponse(_message.Message):
    __slots__ = ["consistency_token", "machine"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MACHINE_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    machine: _machine_pb2.Machine
    def __init__(self, machine: _Optional[_Union[_machine_pb2.Machine, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class MachineOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
