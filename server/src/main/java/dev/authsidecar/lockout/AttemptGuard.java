package dev.authsidecar.lockout;

import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import dev.authsidecar.metrics.VerificationMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Brute-force protection for typed codes (TOTP, recovery, temporary).
 *
 * <p>An attempt is charged as a failure <em>before</em> its code is checked, by a conditional
 * update of the database counter, and cleared again when the code is right. Charging first is what
 * keeps parallel guesses, on any number of replicas, within the budget: a guess whose charge does
 * not land is answered LOCKED_OUT without its code ever being compared.
 */
public final class AttemptGuard {
  /** Bounded so that heavy contention fails closed instead of spinning. */
  private static final int MAX_CHARGE_TRIES = 64;

  private static final Duration CONTENDED_RETRY = Duration.ofSeconds(1);

  private final LockoutStore store;
  private final LockoutPolicy policy;
  private final Clock clock;
  private final VerificationMetrics metrics;

  public AttemptGuard(
      LockoutStore store, LockoutPolicy policy, Clock clock, VerificationMetrics metrics) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Charges one failure to the user, or says how long the user is locked out. Empty means the
   * attempt may go ahead.
   */
  public Optional<Lockout> charge(String userId) {
    return charge(userId, Optional.empty());
  }

  /**
   * Charges an attempt already known to fail, writing {@code failure}, its event, in the
   * transaction that charges it: one commit instead of two on the path every guess takes. Nothing
   * is written when the user is locked out.
   */
  public Optional<Lockout> chargeFailure(String userId, EventDraft failure) {
    return charge(userId, Optional.of(failure));
  }

  private Optional<Lockout> charge(String userId, Optional<EventDraft> failure) {
    for (int i = 0; i < MAX_CHARGE_TRIES; i++) {
      Instant now = clock.instant();
      LockoutCounter counter = store.counter(userId, now);
      Optional<Lockout> lockout = policy.lockoutOf(counter, now);
      if (lockout.isPresent()) {
        return lockout;
      }
      int failures = counter.failures() + 1;
      Optional<Instant> lockedUntil = policy.lockedUntil(failures, now);
      Optional<EventDraft> lockoutBegins =
          lockedUntil.isPresent() || policy.exhausted(failures)
              ? Optional.of(
                  EventDraft.of(userId, EventType.LOCKED_OUT)
                      .with("failed_attempts", Integer.toString(failures))
                      .with(
                          "locked_until", lockedUntil.map(Instant::toString).orElse("until reset")))
              : Optional.empty();
      // The lockout's start first, as before: the trail reads "locked out" then the failure.
      List<EventDraft> events = Stream.concat(lockoutBegins.stream(), failure.stream()).toList();
      if (store.compareAndSet(userId, counter.failures(), failures, lockedUntil, events, now)) {
        // Counted where its event is written: once per lockout, whichever replica starts it.
        lockoutBegins.ifPresent(begins -> metrics.lockoutStarted());
        return Optional.empty();
      }
    }
    Instant now = clock.instant();
    return Optional.of(new Lockout(Optional.of(now.plus(CONTENDED_RETRY)), now));
  }

  /**
   * The lockout in force, if any, without charging anything: for answers that cost no attempt (a
   * replay of a used code) but must still be refused while the user is locked out.
   */
  public Optional<Lockout> inForce(String userId) {
    Instant now = clock.instant();
    return policy.lockoutOf(store.peek(userId), now);
  }

  /** A right code ends the run of consecutive failures. */
  public void succeeded(String userId) {
    store.clear(userId);
  }
}
