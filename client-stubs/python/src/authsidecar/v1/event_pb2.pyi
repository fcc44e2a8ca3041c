import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVENT_TYPE_UNSPECIFIED: _ClassVar[EventType]
    EVENT_TYPE_TOTP_ENROLLMENT_STARTED: _ClassVar[EventType]
    EVENT_TYPE_FACTOR_ENROLLED: _ClassVar[EventType]
    EVENT_TYPE_FACTOR_REMOVED: _ClassVar[EventType]
    EVENT_TYPE_FACTOR_RENAMED: _ClassVar[EventType]
    EVENT_TYPE_PREFERRED_FACTOR_CHANGED: _ClassVar[EventType]
    EVENT_TYPE_VERIFY_ACCEPTED: _ClassVar[EventType]
    EVENT_TYPE_VERIFY_REJECTED: _ClassVar[EventType]
    EVENT_TYPE_VERIFY_REPLAYED: _ClassVar[EventType]
    EVENT_TYPE_LOCKED_OUT: _ClassVar[EventType]
    EVENT_TYPE_RECOVERY_CODES_GENERATED: _ClassVar[EventType]
    EVENT_TYPE_RECOVERY_CODES_LOW: _ClassVar[EventType]
    EVENT_TYPE_TWO_FACTOR_DISABLED: _ClassVar[EventType]
    EVENT_TYPE_USER_RESET: _ClassVar[EventType]
    EVENT_TYPE_USER_DELETED: _ClassVar[EventType]
    EVENT_TYPE_DEVICE_REMEMBERED: _ClassVar[EventType]
    EVENT_TYPE_DEVICE_FORGOTTEN: _ClassVar[EventType]
    EVENT_TYPE_ALL_DEVICES_FORGOTTEN: _ClassVar[EventType]
EVENT_TYPE_UNSPECIFIED: EventType
EVENT_TYPE_TOTP_ENROLLMENT_STARTED: EventType
EVENT_TYPE_FACTOR_ENROLLED: EventType
EVENT_TYPE_FACTOR_REMOVED: EventType
EVENT_TYPE_FACTOR_RENAMED: EventType
EVENT_TYPE_PREFERRED_FACTOR_CHANGED: EventType
EVENT_TYPE_VERIFY_ACCEPTED: EventType
EVENT_TYPE_VERIFY_REJECTED: EventType
EVENT_TYPE_VERIFY_REPLAYED: EventType
EVENT_TYPE_LOCKED_OUT: EventType
EVENT_TYPE_RECOVERY_CODES_GENERATED: EventType
EVENT_TYPE_RECOVERY_CODES_LOW: EventType
EVENT_TYPE_TWO_FACTOR_DISABLED: EventType
EVENT_TYPE_USER_RESET: EventType
EVENT_TYPE_USER_DELETED: EventType
EVENT_TYPE_DEVICE_REMEMBERED: EventType
EVENT_TYPE_DEVICE_FORGOTTEN: EventType
EVENT_TYPE_ALL_DEVICES_FORGOTTEN: EventType

class Event(_message.Message):
    __slots__ = ("id", "user_id", "type", "actor", "created_at", "details")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: str
    type: EventType
    actor: str
    created_at: _timestamp_pb2.Timestamp
    details: _containers.ScalarMap[str, str]
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[str] = ..., type: _Optional[_Union[EventType, str]] = ..., actor: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., details: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ListEventsRequest(_message.Message):
    __slots__ = ("user_id", "after_id", "page_size")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    after_id: int
    page_size: int
    def __init__(self, user_id: _Optional[str] = ..., after_id: _Optional[int] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListEventsResponse(_message.Message):
    __slots__ = ("events", "next_after_id")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_AFTER_ID_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    next_after_id: int
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ..., next_after_id: _Optional[int] = ...) -> None: ...

class WatchEventsRequest(_message.Message):
    __slots__ = ("after_id", "user_id")
    AFTER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    after_id: int
    user_id: str
    def __init__(self, after_id: _Optional[int] = ..., user_id: _Optional[str] = ...) -> None: ...

class WatchEventsResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...
