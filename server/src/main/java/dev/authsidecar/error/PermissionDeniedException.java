package dev.authsidecar.error;

/** The caller may not do this (policy or admin restriction). Maps to PERMISSION_DENIED. */
public final class PermissionDeniedException extends RuntimeException {
  public PermissionDeniedException(String field, String problem) {
    super(field + ": " + problem);
  }
}
