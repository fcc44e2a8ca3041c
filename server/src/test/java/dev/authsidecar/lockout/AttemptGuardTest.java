package dev.authsidecar.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.events.EventType;
import dev.authsidecar.metrics.VerificationMetrics;
import dev.authsidecar.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lockout rules of {@link AttemptGuard}, on an in-memory counter. */
class AttemptGuardTest {
  private static final String USER = "ada";

  private final MutableClock clock = MutableClock.atStepStart();
  private final InMemoryLockoutStore store = new InMemoryLockoutStore();
  private final AttemptGuard guard =
      new AttemptGuard(store, LockoutPolicy.DEFAULT, clock, VerificationMetrics.discarded());

  @Test
  void charge_belowTheThreshold_letsTheAttemptGoAhead_andCountsItFirst() {
    assertThat(guard.charge(USER)).isEmpty();

    assertThat(store.failures(USER)).as("charged before the code is checked").isEqualTo(1);
    assertThat(store.events()).isEmpty();
  }

  @Test
  void charge_theAttemptReachingTheThreshold_stillGoesAhead_thenTheUserIsLockedOut() {
    for (int i = 0; i < LockoutPolicy.DEFAULT.threshold(); i++) {
      assertThat(guard.charge(USER)).as("attempt %d", i + 1).isEmpty();
    }

    Optional<Lockout> locked = guard.charge(USER);

    assertThat(locked).isPresent();
    assertThat(locked.get().retryAfter()).contains(LockoutPolicy.DEFAULT.baseDelay());
    assertThat(store.failures(USER))
        .as("a refused attempt costs nothing")
        .isEqualTo(LockoutPolicy.DEFAULT.threshold());
    assertThat(store.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.LOCKED_OUT);
              assertThat(e.details()).containsEntry("failed_attempts", "5");
            });
  }

  @Test
  void charge_afterTheLockoutEnds_goesAhead_andEachRoundDoublesTheDelayUpToTheCap() {
    Duration expected = LockoutPolicy.DEFAULT.baseDelay();
    for (int round = 0; round < 8; round++) {
      chargeUntilLocked();
      Optional<Duration> retryAfter = guard.charge(USER).orElseThrow().retryAfter();

      assertThat(retryAfter).as("round %d", round).contains(expected);

      clock.advance(retryAfter.orElseThrow());
      expected = min(expected.multipliedBy(2), LockoutPolicy.DEFAULT.maxDelay());
    }
    assertThat(expected).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void charge_atMaxFailures_refusesUntilCleared_withNoRetryAfter() {
    LockoutPolicy small = new LockoutPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1), 5);
    AttemptGuard strict = new AttemptGuard(store, small, clock, VerificationMetrics.discarded());
    for (int i = 0; i < small.maxFailures(); i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(strict.charge(USER)).as("attempt %d", i + 1).isEmpty();
    }
    clock.advance(Duration.ofDays(365));

    Optional<Lockout> locked = strict.charge(USER);

    assertThat(locked).isPresent();
    assertThat(locked.get().until()).isEmpty();
    assertThat(locked.get().retryAfter()).isEmpty();
    assertThat(store.events().getLast().details()).containsEntry("locked_until", "until reset");
    strict.succeeded(USER);
    assertThat(strict.charge(USER)).isEmpty();
  }

  @Test
  void succeeded_endsTheRunOfFailures() {
    guard.charge(USER);
    guard.charge(USER);

    guard.succeeded(USER);

    assertThat(store.failures(USER)).isZero();
    assertThat(guard.inForce(USER)).isEmpty();
  }

  @Test
  void inForce_chargesNothing_andCreatesNoRowForAnUnknownUser() {
    assertThat(guard.inForce("nobody")).isEmpty();
    assertThat(store.hasRow("nobody")).isFalse();

    chargeUntilLocked();
    guard.charge(USER);
    int failures = store.failures(USER);

    assertThat(guard.inForce(USER)).isPresent();
    assertThat(store.failures(USER)).isEqualTo(failures);
  }

  @Test
  void charge_whenAnotherRequestMovedTheCounterFirst_readsAgainAndCountsBoth() {
    store.counter(USER, clock.instant());
    store.rivalChargesFirst(2);

    assertThat(guard.charge(USER)).isEmpty();

    assertThat(store.failures(USER)).as("two rival charges and this one").isEqualTo(3);
  }

  @Test
  void charge_underEndlessContention_failsClosed() {
    store.counter(USER, clock.instant());
    store.rivalChargesFirst(LockoutPolicy.DEFAULT.maxFailures() - 1);

    Optional<Lockout> refused = guard.charge(USER);

    assertThat(refused).isPresent();
    assertThat(refused.get().retryAfter()).contains(Duration.ofSeconds(1));
  }

  /** Charges until the charge that starts a lockout has landed. */
  private void chargeUntilLocked() {
    while (guard.inForce(USER).isEmpty()) {
      assertThat(guard.charge(USER)).isEmpty();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
