from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Machine(_message.Message):
    __slots__ = ["create_time", "default_token_ttl_seconds", "id", "instance_id", "name", "scoped_machines", "update_time"]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_TOKEN_TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCOPED_MACHINES_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    default_token_ttl_seconds: int
    id: str
    instance_id: str
    name: str
    scoped_machines: _containers.RepeatedCompositeFieldContainer[ScopedMachine]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., instance_id: _Optional[str] = ..., name: _Optional[str] = ..., default_token_ttl_seconds: _Optional[int] = ..., scoped_machines: _Optional[_Iterable[_Union[ScopedMachine, _Mapping]]] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MachineScope(_message.Message):
    __slots__ = ["create_time", "from_machine_id", "to_machine_id"]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    FROM_MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    from_machine_id: str
    to_machine_id: str
    def __init__(self, from_machine_id: _Optional[str] = ..., to_machine_id: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ScopedMachine(_message.Message):
    __slots__ = ["id", "name"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...
