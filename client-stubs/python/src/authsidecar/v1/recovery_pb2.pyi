import datetime

from authsidecar.v1 import factor_pb2 as _factor_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GenerateCodesRequest(_message.Message):
    __slots__ = ("user_id", "count")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    count: int
    def __init__(self, user_id: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class GenerateCodesResponse(_message.Message):
    __slots__ = ("codes", "generated_at")
    CODES_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    codes: _containers.RepeatedScalarFieldContainer[str]
    generated_at: _timestamp_pb2.Timestamp
    def __init__(self, codes: _Optional[_Iterable[str]] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecoveryCodeServiceVerifyCodeRequest(_message.Message):
    __slots__ = ("user_id", "code", "request_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    code: str
    request_id: str
    def __init__(self, user_id: _Optional[str] = ..., code: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class RecoveryCodeServiceVerifyCodeResponse(_message.Message):
    __slots__ = ("result", "remaining", "retry_after")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    result: _factor_pb2.VerifyResult
    remaining: int
    retry_after: _duration_pb2.Duration
    def __init__(self, result: _Optional[_Union[_factor_pb2.VerifyResult, str]] = ..., remaining: _Optional[int] = ..., retry_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...
