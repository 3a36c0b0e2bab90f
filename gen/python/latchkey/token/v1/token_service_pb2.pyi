from google.protobuf import struct_pb2 as _struct_pb2
from latchkey.token.v1 import token_pb2 as _token_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateTokenRequest(_message.Message):
    __slots__ = ["claims", "format", "min_remaining_ttl_seconds", "seconds_until_expiration"]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    MIN_REMAINING_TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    SECONDS_UNTIL_EXPIRATION_FIELD_NUMBER: _ClassVar[int]
    claims: _struct_pb2.Struct
    format: _token_pb2.TokenFormat
    min_remaining_ttl_seconds: int
    seconds_until_expiration: int
    def __init__(self, format: _Optional[_Union[_token_pb2.TokenFormat, str]] = ..., seconds_until_expiration: _Optional[int] = ..., claims: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., min_remaining_ttl_seconds: _Optional[int] = ...) -> None: ...

class CreateTokenResponse(_message.Message):
    __slots__ = ["consistency_token", "reused", "secret", "token"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REUSED_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    reused: bool
    secret: str
    token: _token_pb2.MachineToken
    def __init__(self, token: _Optional[_Union[_token_pb2.MachineToken, _Mapping]] = ..., secret: _Optional[str] = ..., reused: bool = ..., consistency_token: _Optional[str] = ...) -> None: ...

class ListTokensRequest(_message.Message):
    __slots__ = ["include_expired", "include_revoked", "page_size", "page_token", "subject_machine_id"]
    INCLUDE_EXPIRED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_REVOKED_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    include_expired: bool
    include_revoked: bool
    page_size: int
    page_token: str
    subject_machine_id: str
    def __init__(self, subject_machine_id: _Optional[str] = ..., include_revoked: bool = ..., include_expired: bool = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListTokensResponse(_message.Message):
    __slots__ = ["next_page_token", "tokens", "total_count"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    tokens: _containers.RepeatedCompositeFieldContainer[_token_pb2.MachineToken]
    total_count: int
    def __init__(self, tokens: _Optional[_Iterable[_Union[_token_pb2.MachineToken, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_count: _Optional[int] = ...) -> None: ...

class RevokeTokenRequest(_message.Message):
    __slots__ = ["id", "reason"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RevokeTokenResponse(_message.Message):
    __slots__ = ["consistency_token", "token"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    token: _token_pb2.MachineToken
    def __init__(self, token: _Optional[_Union[_token_pb2.MachineToken, _Mapping]] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class RotateSigningKeyRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class RotateSigningKeyResponse(_message.Message):
    __slots__ = ["consistency_token", "kid"]
    CONSISTENCY_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KID_FIELD_NUMBER: _ClassVar[int]
    consistency_token: str
    kid: str
    def __init__(self, kid: _Optional[str] = ..., consistency_token: _Optional[str] = ...) -> None: ...

class VerifyTokenRequest(_message.Message):
    __slots__ = ["receiver_machine_id", "token"]
    RECEIVER_MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    receiver_machine_id: str
    token: str
    def __init__(self, token: _Optional[str] = ..., receiver_machine_id: _Optional[str] = ...) -> None: ...

class VerifyTokenResponse(_message.Message):
    __slots__ = ["token"]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: _token_pb2.MachineToken
    def __init__(self, token: _Optional[_Union[_token_pb2.MachineToken, _Mapping]] = ...) -> None: ...
