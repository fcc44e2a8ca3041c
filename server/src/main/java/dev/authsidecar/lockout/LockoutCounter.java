package dev.authsidecar.lockout;

import java.time.Instant;
import java.util.Optional;

/** A user's consecutive typed-code failures and the lockout deadline they caused. */
public record LockoutCounter(int failures, Optional<Instant> lockedUntil) {
  public static final LockoutCounter CLEAR = new LockoutCounter(0, Optional.empty());
}
