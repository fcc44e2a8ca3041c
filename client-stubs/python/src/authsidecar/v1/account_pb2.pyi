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

class AccountStatus(_message.Message):
    __slots__ = ("enrolled", "factors", "preferred_factor_id", "recovery_codes_remaining", "locked_until", "must_enroll", "failed_attempts", "locked_out")
    ENROLLED_FIELD_NUMBER: _ClassVar[int]
    FACTORS_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_CODES_REMAINING_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    MUST_ENROLL_FIELD_NUMBER: _ClassVar[int]
    FAILED_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LOCKED_OUT_FIELD_NUMBER: _ClassVar[int]
    enrolled: bool
    factors: _containers.RepeatedCompositeFieldContainer[_factor_pb2.Factor]
    preferred_factor_id: str
    recovery_codes_remaining: int
    locked_until: _timestamp_pb2.Timestamp
    must_enroll: bool
    failed_attempts: int
    locked_out: bool
    def __init__(self, enrolled: _Optional[bool] = ..., factors: _Optional[_Iterable[_Union[_factor_pb2.Factor, _Mapping]]] = ..., preferred_factor_id: _Optional[str] = ..., recovery_codes_remaining: _Optional[int] = ..., locked_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., must_enroll: _Optional[bool] = ..., failed_attempts: _Optional[int] = ..., locked_out: _Optional[bool] = ...) -> None: ...

class GetStatusRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetStatusResponse(_message.Message):
    __slots__ = ("enrolled", "factors", "preferred_factor_id", "recovery_codes_remaining", "locked_until", "must_enroll", "failed_attempts", "locked_out")
    ENROLLED_FIELD_NUMBER: _ClassVar[int]
    FACTORS_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_CODES_REMAINING_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    MUST_ENROLL_FIELD_NUMBER: _ClassVar[int]
    FAILED_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LOCKED_OUT_FIELD_NUMBER: _ClassVar[int]
    enrolled: bool
    factors: _containers.RepeatedCompositeFieldContainer[_factor_pb2.Factor]
    preferred_factor_id: str
    recovery_codes_remaining: int
    locked_until: _timestamp_pb2.Timestamp
    must_enroll: bool
    failed_attempts: int
    locked_out: bool
    def __init__(self, enrolled: _Optional[bool] = ..., factors: _Optional[_Iterable[_Union[_factor_pb2.Factor, _Mapping]]] = ..., preferred_factor_id: _Optional[str] = ..., recovery_codes_remaining: _Optional[int] = ..., locked_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., must_enroll: _Optional[bool] = ..., failed_attempts: _Optional[int] = ..., locked_out: _Optional[bool] = ...) -> None: ...

class SetPreferredFactorRequest(_message.Message):
    __slots__ = ("user_id", "factor_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    factor_id: str
    def __init__(self, user_id: _Optional[str] = ..., factor_id: _Optional[str] = ...) -> None: ...

class SetPreferredFactorResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: AccountStatus
    def __init__(self, status: _Optional[_Union[AccountStatus, _Mapping]] = ...) -> None: ...

class RenameFactorRequest(_message.Message):
    __slots__ = ("user_id", "factor_id", "label")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    factor_id: str
    label: str
    def __init__(self, user_id: _Optional[str] = ..., factor_id: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class RenameFactorResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: AccountStatus
    def __init__(self, status: _Optional[_Union[AccountStatus, _Mapping]] = ...) -> None: ...

class RemoveFactorRequest(_message.Message):
    __slots__ = ("user_id", "factor_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    factor_id: str
    def __init__(self, user_id: _Optional[str] = ..., factor_id: _Optional[str] = ...) -> None: ...

class RemoveFactorResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: AccountStatus
    def __init__(self, status: _Optional[_Union[AccountStatus, _Mapping]] = ...) -> None: ...

class VerifyCodeRequest(_message.Message):
    __slots__ = ("user_id", "code", "request_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    code: str
    request_id: str
    def __init__(self, user_id: _Optional[str] = ..., code: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class VerifyCodeResponse(_message.Message):
    __slots__ = ("result", "factor_type", "factor_id", "retry_after", "recovery_codes_remaining")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_TYPE_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_CODES_REMAINING_FIELD_NUMBER: _ClassVar[int]
    result: _factor_pb2.VerifyResult
    factor_type: _factor_pb2.FactorType
    factor_id: str
    retry_after: _duration_pb2.Duration
    recovery_codes_remaining: int
    def __init__(self, result: _Optional[_Union[_factor_pb2.VerifyResult, str]] = ..., factor_type: _Optional[_Union[_factor_pb2.FactorType, str]] = ..., factor_id: _Optional[str] = ..., retry_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., recovery_codes_remaining: _Optional[int] = ...) -> None: ...

class DisableProof(_message.Message):
    __slots__ = ("totp_code", "recovery_codes", "admin", "webauthn", "reauthenticated")
    TOTP_CODE_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_CODES_FIELD_NUMBER: _ClassVar[int]
    ADMIN_FIELD_NUMBER: _ClassVar[int]
    WEBAUTHN_FIELD_NUMBER: _ClassVar[int]
    REAUTHENTICATED_FIELD_NUMBER: _ClassVar[int]
    totp_code: str
    recovery_codes: RecoveryCodesProof
    admin: bool
    webauthn: WebAuthnProof
    reauthenticated: ReauthenticationProof
    def __init__(self, totp_code: _Optional[str] = ..., recovery_codes: _Optional[_Union[RecoveryCodesProof, _Mapping]] = ..., admin: _Optional[bool] = ..., webauthn: _Optional[_Union[WebAuthnProof, _Mapping]] = ..., reauthenticated: _Optional[_Union[ReauthenticationProof, _Mapping]] = ...) -> None: ...

class RecoveryCodesProof(_message.Message):
    __slots__ = ("codes",)
    CODES_FIELD_NUMBER: _ClassVar[int]
    codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, codes: _Optional[_Iterable[str]] = ...) -> None: ...

class WebAuthnProof(_message.Message):
    __slots__ = ("ceremony_id", "credential_json")
    CEREMONY_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_JSON_FIELD_NUMBER: _ClassVar[int]
    ceremony_id: str
    credential_json: str
    def __init__(self, ceremony_id: _Optional[str] = ..., credential_json: _Optional[str] = ...) -> None: ...

class ReauthenticationProof(_message.Message):
    __slots__ = ("method", "authenticated_at")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    AUTHENTICATED_AT_FIELD_NUMBER: _ClassVar[int]
    method: str
    authenticated_at: _timestamp_pb2.Timestamp
    def __init__(self, method: _Optional[str] = ..., authenticated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DisableTwoFactorRequest(_message.Message):
    __slots__ = ("user_id", "proof")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROOF_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    proof: DisableProof
    def __init__(self, user_id: _Optional[str] = ..., proof: _Optional[_Union[DisableProof, _Mapping]] = ...) -> None: ...

class DisableTwoFactorResponse(_message.Message):
    __slots__ = ("result", "status", "retry_after", "reason")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    result: _factor_pb2.VerifyResult
    status: AccountStatus
    retry_after: _duration_pb2.Duration
    reason: str
    def __init__(self, result: _Optional[_Union[_factor_pb2.VerifyResult, str]] = ..., status: _Optional[_Union[AccountStatus, _Mapping]] = ..., retry_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ResetUserRequest(_message.Message):
    __slots__ = ("user_id", "actor", "reason")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    actor: str
    reason: str
    def __init__(self, user_id: _Optional[str] = ..., actor: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ResetUserResponse(_message.Message):
    __slots__ = ("temporary_code", "expires_at")
    TEMPORARY_CODE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    temporary_code: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, temporary_code: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DeleteUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class DeleteUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
