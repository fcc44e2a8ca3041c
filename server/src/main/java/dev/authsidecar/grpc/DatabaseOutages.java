package dev.authsidecar.grpc;

/**
 * Told when a call found the database unreachable, so that health can say NOT_SERVING at once
 * instead of at the next periodic check.
 */
@FunctionalInterface
public interface DatabaseOutages {
  /** A call failed because the database could not be reached. */
  void databaseUnreachable();
}
