package dev.authsidecar.error;

import io.grpc.Context;

/**
 * The call's deadline passed, or its client cancelled it, before the database work began: nothing
 * is read or written. Maps to DEADLINE_EXCEEDED (the client has stopped listening anyway).
 */
public final class CallExpiredException extends RuntimeException {
  public CallExpiredException() {
    super("deadline exceeded or call cancelled before the database was used", null, false, false);
  }

  /** True when the call of {@code context} has been cancelled or its deadline has passed. */
  public static boolean expired(Context context) {
    return context.isCancelled()
        || (context.getDeadline() != null && context.getDeadline().isExpired());
  }
}
