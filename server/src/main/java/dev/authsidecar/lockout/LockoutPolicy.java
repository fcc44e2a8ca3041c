package dev.authsidecar.lockout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How consecutive failures of typed codes turn into lockouts.
 *
 * <p>Every {@code threshold} consecutive failures lock the user's typed codes for a delay that
 * doubles each time, from {@code baseDelay} up to {@code maxDelay}. After {@code maxFailures}
 * consecutive failures typed codes stay refused until the counter is cleared by an admin (NIST SP
 * 800-63B §5.2.2: at most 100 consecutive failures).
 */
public record LockoutPolicy(int threshold, Duration baseDelay, Duration maxDelay, int maxFailures) {

  public static final LockoutPolicy DEFAULT =
      new LockoutPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(15), 100);

  public LockoutPolicy {
    if (threshold < 1 || maxFailures < threshold || maxFailures > 100) {
      throw new IllegalArgumentException("need 1 <= threshold <= maxFailures <= 100");
    }
    if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 < baseDelay <= maxDelay");
    }
  }

  /** The lockout deadline that a failure count reached at {@code now} imposes, if any. */
  public Optional<Instant> lockedUntil(int consecutiveFailures, Instant now) {
    if (consecutiveFailures < threshold || consecutiveFailures % threshold != 0) {
      return Optional.empty();
    }
    int round = consecutiveFailures / threshold - 1;
    Duration delay = baseDelay;
    for (int i = 0; i < round && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return Optional.of(now.plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay));
  }

  /** True once typed codes are refused until the counter is cleared by other means. */
  public boolean exhausted(int consecutiveFailures) {
    return consecutiveFailures >= maxFailures;
  }

  /** The lockout a counter means at {@code now}, if any. */
  public Optional<Lockout> lockoutOf(LockoutCounter counter, Instant now) {
    if (exhausted(counter.failures())) {
      return Optional.of(new Lockout(Optional.empty(), now));
    }
    return counter
        .lockedUntil()
        .filter(until -> until.isAfter(now))
        .map(until -> new Lockout(Optional.of(until), now));
  }
}
