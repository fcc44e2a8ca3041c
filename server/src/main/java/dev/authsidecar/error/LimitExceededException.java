package dev.authsidecar.error;

/**
 * A per-user limit is reached (devices, pending enrollments, credentials). Maps to
 * RESOURCE_EXHAUSTED; the message names the field and the limit. Nothing was written.
 */
public final class LimitExceededException extends RuntimeException {
  public LimitExceededException(String field, String problem) {
    super(field + ": " + problem);
  }
}
