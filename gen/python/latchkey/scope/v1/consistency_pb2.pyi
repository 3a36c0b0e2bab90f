from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class Consistency(_message.Message):
    __slots__ = ["at_least_as_fresh", "fully_consistent", "minimize_latency"]
    AT_LEAST_AS_FRESH_FIELD_NUMBER: _ClassVar[int]
    FULLY_CONSISTENT_FIELD_NUMBER: _ClassVar[int]
    MINIMIZE_LATENCY_FIELD_NUMBER: _ClassVar[int]
    at_least_as_fresh: str
    fully_consistent: bool
    minimize_latency: bool
    def __init__(self, minimize_latency: bool = ..., at_least_as_fresh: _Optional[str] = ..., fully_consistent: bool = ...) -> None: ...
