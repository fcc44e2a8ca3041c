import datetime

from authsidecar.v1 import factor_pb2 as _factor_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BeginEnrollmentRequest(_message.Message):
    __slots__ = ("user_id", "label", "account_name", "issuer", "algorithm", "digits")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    DIGITS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    label: str
    account_name: str
    issuer: str
    algorithm: _factor_pb2.TotpAlgorithm
    digits: int
    def __init__(self, user_id: _Optional[str] = ..., label: _Optional[str] = ..., account_name: _Optional[str] = ..., issuer: _Optional[str] = ..., algorithm: _Optional[_Union[_factor_pb2.TotpAlgorithm, str]] = ..., digits: _Optional[int] = ...) -> None: ...

class BeginEnrollmentResponse(_message.Message):
    __slots__ = ("enrollment_id", "secret", "otpauth_uri", "qr_png", "qr_svg", "expires_at", "parameters")
    ENROLLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    QR_PNG_FIELD_NUMBER: _ClassVar[int]
    QR_SVG_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    enrollment_id: str
    secret: str
    otpauth_uri: str
    qr_png: bytes
    qr_svg: str
    expires_at: _timestamp_pb2.Timestamp
    parameters: _factor_pb2.TotpParameters
    def __init__(self, enrollment_id: _Optional[str] = ..., secret: _Optional[str] = ..., otpauth_uri: _Optional[str] = ..., qr_png: _Optional[bytes] = ..., qr_svg: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., parameters: _Optional[_Union[_factor_pb2.TotpParameters, _Mapping]] = ...) -> None: ...

class ConfirmEnrollmentRequest(_message.Message):
    __slots__ = ("enrollment_id", "code")
    ENROLLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    enrollment_id: str
    code: str
    def __init__(self, enrollment_id: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class ConfirmEnrollmentResponse(_message.Message):
    __slots__ = ("result", "factor", "retry_after")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    result: _factor_pb2.VerifyResult
    factor: _factor_pb2.Factor
    retry_after: _duration_pb2.Duration
    def __init__(self, result: _Optional[_Union[_factor_pb2.VerifyResult, str]] = ..., factor: _Optional[_Union[_factor_pb2.Factor, _Mapping]] = ..., retry_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class VerifyRequest(_message.Message):
    __slots__ = ("user_id", "code", "request_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    code: str
    request_id: str
    def __init__(self, user_id: _Optional[str] = ..., code: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class VerifyResponse(_message.Message):
    __slots__ = ("result", "factor_id", "retry_after", "time_step_offset")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    TIME_STEP_OFFSET_FIELD_NUMBER: _ClassVar[int]
    result: _factor_pb2.VerifyResult
    factor_id: str
    retry_after: _duration_pb2.Duration
    time_step_offset: int
    def __init__(self, result: _Optional[_Union[_factor_pb2.VerifyResult, str]] = ..., factor_id: _Optional[str] = ..., retry_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., time_step_offset: _Optional[int] = ...) -> None: ...
