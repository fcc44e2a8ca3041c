package dev.authsidecar.totp;

import dev.authsidecar.factor.Verdict;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to a TOTP code.
 *
 * @param stepOffset the matched step minus the server's current step (ACCEPTED only)
 */
public record VerifyOutcome(
    Verdict verdict, Optional<UUID> factorId, Optional<Duration> retryAfter, int stepOffset) {

  static VerifyOutcome of(Verdict verdict) {
    return new VerifyOutcome(verdict, Optional.empty(), Optional.empty(), 0);
  }

  static VerifyOutcome replayed(UUID factorId) {
    return new VerifyOutcome(Verdict.REPLAYED, Optional.of(factorId), Optional.empty(), 0);
  }

  static VerifyOutcome lockedOut(Optional<Duration> retryAfter) {
    return new VerifyOutcome(Verdict.LOCKED_OUT, Optional.empty(), retryAfter, 0);
  }
}
