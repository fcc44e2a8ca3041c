package dev.authsidecar.validation;

import dev.authsidecar.error.InvalidArgumentException;
import java.util.UUID;

/** Checks of request fields shared by every service. Each failure names the field. */
public final class Fields {
  public static final int MAX_USER_ID = 128;
  public static final int MAX_LABEL = 64;
  public static final int MAX_NAME = 128;
  public static final int MAX_REQUEST_ID = 128;
  public static final int MAX_REASON = 512;

  private Fields() {}

  /** User ids are opaque to the sidecar: kept byte for byte, but bounded and printable. */
  public static String userId(String value) {
    return required("user_id", value, MAX_USER_ID);
  }

  public static UUID uuid(String field, String value) {
    if (value.isEmpty()) {
      throw new InvalidArgumentException(field, "is required");
    }
    if (value.length() != 36) {
      throw new InvalidArgumentException(field, "must be a UUID");
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(field, "must be a UUID");
    }
  }

  /** A display name: trimmed, 1 to {@value #MAX_LABEL} characters; blank means the fallback. */
  public static String label(String field, String value, String fallback) {
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return fallback;
    }
    return required(field, trimmed, MAX_LABEL);
  }

  /** An optional idempotency key; empty means none. */
  public static String requestId(String value) {
    if (value.isEmpty()) {
      return value;
    }
    return required("request_id", value, MAX_REQUEST_ID);
  }

  public static String required(String field, String value, int maxLength) {
    if (value.isEmpty()) {
      throw new InvalidArgumentException(field, "is required");
    }
    if (value.length() > maxLength) {
      throw new InvalidArgumentException(
          field, "must be at most " + maxLength + " characters, got " + value.length());
    }
    if (value.codePoints().anyMatch(Character::isISOControl)) {
      throw new InvalidArgumentException(field, "must not contain control characters");
    }
    return value;
  }
}
