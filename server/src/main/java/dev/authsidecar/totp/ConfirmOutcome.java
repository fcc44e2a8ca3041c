package dev.authsidecar.totp;

import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.Verdict;
import java.time.Duration;
import java.util.Optional;

/**
 * The answer to ConfirmEnrollment; factor is present when the verdict is ACCEPTED.
 *
 * @param silent true when the answer leaves no audit event although it is a refusal
 */
public record ConfirmOutcome(
    Verdict verdict, Optional<FactorInfo> factor, Optional<Duration> retryAfter, boolean silent) {

  static ConfirmOutcome of(Verdict verdict) {
    return new ConfirmOutcome(verdict, Optional.empty(), Optional.empty(), false);
  }
}
