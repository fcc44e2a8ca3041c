import datetime

from authsidecar.v1 import factor_pb2 as _factor_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResidentKeyRequirement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESIDENT_KEY_REQUIREMENT_UNSPECIFIED: _ClassVar[ResidentKeyRequirement]
    RESIDENT_KEY_REQUIREMENT_DISCOURAGED: _ClassVar[ResidentKeyRequirement]
    RESIDENT_KEY_REQUIREMENT_PREFERRED: _ClassVar[ResidentKeyRequirement]
    RESIDENT_KEY_REQUIREMENT_REQUIRED: _ClassVar[ResidentKeyRequirement]

class UserVerificationRequirement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USER_VERIFICATION_REQUIREMENT_UNSPECIFIED: _ClassVar[UserVerificationRequirement]
    USER_VERIFICATION_REQUIREMENT_DISCOURAGED: _ClassVar[UserVerificationRequirement]
    USER_VERIFICATION_REQUIREMENT_PREFERRED: _ClassVar[UserVerificationRequirement]
    USER_VERIFICATION_REQUIREMENT_REQUIRED: _ClassVar[UserVerificationRequirement]

class AttestationConveyance(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ATTESTATION_CONVEYANCE_UNSPECIFIED: _ClassVar[AttestationConveyance]
    ATTESTATION_CONVEYANCE_NONE: _ClassVar[AttestationConveyance]
    ATTESTATION_CONVEYANCE_INDIRECT: _ClassVar[AttestationConveyance]
    ATTESTATION_CONVEYANCE_DIRECT: _ClassVar[AttestationConveyance]
    ATTESTATION_CONVEYANCE_ENTERPRISE: _ClassVar[AttestationConveyance]

class AuthenticatorAttachment(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTHENTICATOR_ATTACHMENT_UNSPECIFIED: _ClassVar[AuthenticatorAttachment]
    AUTHENTICATOR_ATTACHMENT_PLATFORM: _ClassVar[AuthenticatorAttachment]
    AUTHENTICATOR_ATTACHMENT_CROSS_PLATFORM: _ClassVar[AuthenticatorAttachment]
RESIDENT_KEY_REQUIREMENT_UNSPECIFIED: ResidentKeyRequirement
RESIDENT_KEY_REQUIREMENT_DISCOURAGED: ResidentKeyRequirement
RESIDENT_KEY_REQUIREMENT_PREFERRED: ResidentKeyRequirement
RESIDENT_KEY_REQUIREMENT_REQUIRED: ResidentKeyRequirement
USER_VERIFICATION_REQUIREMENT_UNSPECIFIED: UserVerificationRequirement
USER_VERIFICATION_REQUIREMENT_DISCOURAGED: UserVerificationRequirement
USER_VERIFICATION_REQUIREMENT_PREFERRED: UserVerificationRequirement
USER_VERIFICATION_REQUIREMENT_REQUIRED: UserVerificationRequirement
ATTESTATION_CONVEYANCE_UNSPECIFIED: AttestationConveyance
ATTESTATION_CONVEYANCE_NONE: AttestationConveyance
ATTESTATION_CONVEYANCE_INDIRECT: AttestationConveyance
ATTESTATION_CONVEYANCE_DIRECT: AttestationConveyance
ATTESTATION_CONVEYANCE_ENTERPRISE: AttestationConveyance
AUTHENTICATOR_ATTACHMENT_UNSPECIFIED: AuthenticatorAttachment
AUTHENTICATOR_ATTACHMENT_PLATFORM: AuthenticatorAttachment
AUTHENTICATOR_ATTACHMENT_CROSS_PLATFORM: AuthenticatorAttachment

class StartRegistrationRequest(_message.Message):
    __slots__ = ("user_id", "user_name", "user_display_name", "resident_key", "user_verification", "attestation", "authenticator_attachment")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_KEY_FIELD_NUMBER: _ClassVar[int]
    USER_VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    ATTESTATION_FIELD_NUMBER: _ClassVar[int]
    AUTHENTICATOR_ATTACHMENT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    user_name: str
    user_display_name: str
    resident_key: ResidentKeyRequirement
    user_verification: UserVerificationRequirement
    attestation: AttestationConveyance
    authenticator_attachment: AuthenticatorAttachment
    def __init__(self, user_id: _Optional[str] = ..., user_name: _Optional[str] = ..., user_display_name: _Optional[str] = ..., resident_key: _Optional[_Union[ResidentKeyRequirement, str]] = ..., user_verification: _Optional[_Union[UserVerificationRequirement, str]] = ..., attestation: _Optional[_Union[AttestationConveyance, str]] = ..., authenticator_attachment: _Optional[_Union[AuthenticatorAttachment, str]] = ...) -> None: ...

class StartRegistrationResponse(_message.Message):
    __slots__ = ("ceremony_id", "options_json", "expires_at")
    CEREMONY_ID_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_JSON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ceremony_id: str
    options_json: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, ceremony_id: _Optional[str] = ..., options_json: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FinishRegistrationRequest(_message.Message):
    __slots__ = ("ceremony_id", "credential_json", "label")
    CEREMONY_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_JSON_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ceremony_id: str
    credential_json: str
    label: str
    def __init__(self, ceremony_id: _Optional[str] = ..., credential_json: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class FinishRegistrationResponse(_message.Message):
    __slots__ = ("result", "factor", "reason")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    FACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    result: _factor_pb2.VerifyResult
    factor: _factor_pb2.Factor
    reason: str
    def __init__(self, result: _Optional[_Union[_factor_pb2.VerifyResult, str]] = ..., factor: _Optional[_Union[_factor_pb2.Factor, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class StartAuthenticationRequest(_message.Message):
    __slots__ = ("user_id", "user_verification")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    user_verification: UserVerificationRequirement
    def __init__(self, user_id: _Optional[str] = ..., user_verification: _Optional[_Union[UserVerificationRequirement, str]] = ...) -> None: ...

class StartAuthenticationResponse(_message.Message):
    __slots__ = ("ceremony_id", "options_json", "expires_at")
    CEREMONY_ID_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_JSON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ceremony_id: str
    options_json: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, ceremony_id: _Optional[str] = ..., options_json: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FinishAuthenticationRequest(_message.Message):
    __slots__ = ("ceremony_id", "credential_json")
    CEREMONY_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_JSON_FIELD_NUMBER: _ClassVar[int]
    ceremony_id: str
    credential_json: str
    def __init__(self, ceremony_id: _Optional[str] = ..., credential_json: _Optional[str] = ...) -> None: ...

class FinishAuthenticationResponse(_message.Message):
    __slots__ = ("result", "user_id", "factor_id", "user_verified", "reason")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    result: _factor_pb2.VerifyResult
    user_id: str
    factor_id: str
    user_verified: bool
    reason: str
    def __init__(self, result: _Optional[_Union[_factor_pb2.VerifyResult, str]] = ..., user_id: _Optional[str] = ..., factor_id: _Optional[str] = ..., user_verified: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...
