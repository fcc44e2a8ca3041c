package dev.authsidecar.totp;

import dev.authsidecar.factor.TotpAlgorithm;
import java.time.Duration;

/**
 * TOTP defaults and the verification window.
 *
 * @param backwardSteps how many past steps a code may come from (0 for the strict OWASP ASVS 5.0
 *     §6.5.5 profile, where a code lives at most one period)
 * @param forwardSteps how many future steps a code may come from (a phone clock running ahead)
 * @param enrollmentTtl how long a pending enrollment waits for its first code
 * @param maxPendingEnrollments unconfirmed enrollments a user may hold at once
 */
public record TotpPolicy(
    String issuer,
    TotpAlgorithm algorithm,
    int digits,
    int periodSeconds,
    int backwardSteps,
    int forwardSteps,
    Duration enrollmentTtl,
    int maxPendingEnrollments) {

  public static final TotpPolicy DEFAULT =
      new TotpPolicy("authsidecar", TotpAlgorithm.SHA1, 6, 30, 1, 1, Duration.ofMinutes(10), 5);

  public TotpPolicy {
    if (digits != 6 && digits != 8) {
      throw new IllegalArgumentException("digits must be 6 or 8");
    }
    if (periodSeconds < 15 || periodSeconds > 120) {
      throw new IllegalArgumentException("period must be 15..120 seconds");
    }
    if (backwardSteps < 0 || backwardSteps > 10 || forwardSteps < 0 || forwardSteps > 10) {
      throw new IllegalArgumentException("window steps must be 0..10");
    }
  }

  /** The same policy with another backward window (0: the strict ASVS profile). */
  public TotpPolicy withBackwardSteps(int backwardSteps) {
    return new TotpPolicy(
        issuer,
        algorithm,
        digits,
        periodSeconds,
        backwardSteps,
        forwardSteps,
        enrollmentTtl,
        maxPendingEnrollments);
  }

  /** How long a typed code stays interesting for replay checks: the whole window, plus one step. */
  public Duration replayMemory() {
    return Duration.ofSeconds((long) periodSeconds * (backwardSteps + forwardSteps + 2));
  }
}
