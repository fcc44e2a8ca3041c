package dev.authsidecar.events;

/** What an audit event records; stored by name, mirrored by the API's EventType. */
public enum EventType {
  TOTP_ENROLLMENT_STARTED,
  FACTOR_ENROLLED,
  FACTOR_REMOVED,
  FACTOR_RENAMED,
  PREFERRED_FACTOR_CHANGED,
  VERIFY_ACCEPTED,
  VERIFY_REJECTED,
  VERIFY_REPLAYED,
  LOCKED_OUT,
  RECOVERY_CODES_GENERATED,
  RECOVERY_CODES_LOW,
  TWO_FACTOR_DISABLED,
  USER_RESET,
  USER_DELETED,
  DEVICE_REMEMBERED,
  DEVICE_FORGOTTEN,
  ALL_DEVICES_FORGOTTEN,
  /**
   * What an erased user's events become: no user, actor or details, never listed or streamed. The
   * rows stay so that event ids remain contiguous and watchers need not wait at the holes a
   * deletion would leave.
   */
  REDACTED
}
