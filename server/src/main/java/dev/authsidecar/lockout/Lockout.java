package dev.authsidecar.lockout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Typed codes are refused. {@code until} is empty when the lockout does not end by itself: after
 * the policy's maximum of consecutive failures, only an admin clears it.
 */
public record Lockout(Optional<Instant> until, Instant now) {

  /** How long to wait; empty when waiting does not help. */
  public Optional<Duration> retryAfter() {
    return until.map(end -> Duration.between(now, end));
  }
}
