import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FactorType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FACTOR_TYPE_UNSPECIFIED: _ClassVar[FactorType]
    FACTOR_TYPE_TOTP: _ClassVar[FactorType]
    FACTOR_TYPE_WEBAUTHN: _ClassVar[FactorType]
    FACTOR_TYPE_RECOVERY_CODES: _ClassVar[FactorType]
    FACTOR_TYPE_TEMPORARY_CODE: _ClassVar[FactorType]

class VerifyResult(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFY_RESULT_UNSPECIFIED: _ClassVar[VerifyResult]
    VERIFY_RESULT_ACCEPTED: _ClassVar[VerifyResult]
    VERIFY_RESULT_REJECTED: _ClassVar[VerifyResult]
    VERIFY_RESULT_REPLAYED: _ClassVar[VerifyResult]
    VERIFY_RESULT_LOCKED_OUT: _ClassVar[VerifyResult]
    VERIFY_RESULT_NOT_ENROLLED: _ClassVar[VerifyResult]
    VERIFY_RESULT_EXPIRED: _ClassVar[VerifyResult]

class TotpAlgorithm(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOTP_ALGORITHM_UNSPECIFIED: _ClassVar[TotpAlgorithm]
    TOTP_ALGORITHM_SHA1: _ClassVar[TotpAlgorithm]
    TOTP_ALGORITHM_SHA256: _ClassVar[TotpAlgorithm]
    TOTP_ALGORITHM_SHA512: _ClassVar[TotpAlgorithm]
FACTOR_TYPE_UNSPECIFIED: FactorType
FACTOR_TYPE_TOTP: FactorType
FACTOR_TYPE_WEBAUTHN: FactorType
FACTOR_TYPE_RECOVERY_CODES: FactorType
FACTOR_TYPE_TEMPORARY_CODE: FactorType
VERIFY_RESULT_UNSPECIFIED: VerifyResult
VERIFY_RESULT_ACCEPTED: VerifyResult
VERIFY_RESULT_REJECTED: VerifyResult
VERIFY_RESULT_REPLAYED: VerifyResult
VERIFY_RESULT_LOCKED_OUT: VerifyResult
VERIFY_RESULT_NOT_ENROLLED: VerifyResult
VERIFY_RESULT_EXPIRED: VerifyResult
TOTP_ALGORITHM_UNSPECIFIED: TotpAlgorithm
TOTP_ALGORITHM_SHA1: TotpAlgorithm
TOTP_ALGORITHM_SHA256: TotpAlgorithm
TOTP_ALGORITHM_SHA512: TotpAlgorithm

class Factor(_message.Message):
    __slots__ = ("id", "type", "label", "created_at", "last_used_at", "totp")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    TOTP_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: FactorType
    label: str
    created_at: _timestamp_pb2.Timestamp
    last_used_at: _timestamp_pb2.Timestamp
    totp: TotpParameters
    def __init__(self, id: _Optional[str] = ..., type: _Optional[_Union[FactorType, str]] = ..., label: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_used_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., totp: _Optional[_Union[TotpParameters, _Mapping]] = ...) -> None: ...

class TotpParameters(_message.Message):
    __slots__ = ("algorithm", "digits", "period_seconds", "drift_steps")
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    DIGITS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_SECONDS_FIELD_NUMBER: _ClassVar[int]
    DRIFT_STEPS_FIELD_NUMBER: _ClassVar[int]
    algorithm: TotpAlgorithm
    digits: int
    period_seconds: int
    drift_steps: int
    def __init__(self, algorithm: _Optional[_Union[TotpAlgorithm, str]] = ..., digits: _Optional[int] = ..., period_seconds: _Optional[int] = ..., drift_steps: _Optional[int] = ...) -> None: ...
