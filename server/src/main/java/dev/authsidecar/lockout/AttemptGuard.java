package dev.authsidecar.lockout;

import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import dev.authsidecar.metrics.VerificationMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Brute-force protection for typed codes (TOTP, recovery, temporary).
 *
 * <p>No code is answered for unless its attempt fits the budget at that moment, on any number of
 * replicas. Two ways keep parallel guesses within it:
 *
 * <ul>
 *   <li>{@link #charge}: the attempt is charged as a failure <em>before</em> its code is decided,
 *       by a conditional update of the database counter, and cleared again when the code is right;
 *       a guess whose charge does not land is answered LOCKED_OUT.
 *   <li>{@link #lockoutOf}/{@link #chargeFailure}: the code is decided in the transaction that
 *       holds the user's counter locked ({@link LockedCounter}); a locked-out user is refused
 *       before anything is written, whatever the code, so a right code and a wrong one get the same
 *       answer for the same work. TOTP and recovery codes are decided this way, in one transaction;
 *       enrollment confirmations, temporary codes and disable proofs still charge first.
 * </ul>
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
    for (int i = 0; i < MAX_CHARGE_TRIES; i++) {
      Instant now = clock.instant();
      LockoutCounter counter = store.counter(userId, now);
      Optional<Lockout> lockout = policy.lockoutOf(counter, now);
      if (lockout.isPresent()) {
        return lockout;
      }
      int failures = counter.failures() + 1;
      Optional<Instant> lockedUntil = policy.lockedUntil(failures, now);
      Optional<EventDraft> lockoutBegins = lockoutBegins(userId, failures, lockedUntil);
      if (store.compareAndSet(
          userId,
          counter.failures(),
          failures,
          lockedUntil,
          lockoutBegins.stream().toList(),
          now)) {
        // Counted where its event is written: once per lockout, whichever replica starts it.
        lockoutBegins.ifPresent(begins -> metrics.lockoutStarted());
        return Optional.empty();
      }
    }
    Instant now = clock.instant();
    return Optional.of(new Lockout(Optional.of(now.plus(CONTENDED_RETRY)), now));
  }

  /**
   * The lockout that refuses an attempt decided with the user's counter locked, if any: then the
   * attempt is answered LOCKED_OUT and nothing is written. Empty means the code may be decided.
   */
  public Optional<Lockout> lockoutOf(LockedCounter counter) {
    return policy.lockoutOf(counter.value(), clock.instant());
  }

  /**
   * Charges a wrong code to a counter that {@link #lockoutOf} let through, writing {@code failure},
   * its event, after the event of the lockout the charge may start.
   */
  public void chargeFailure(String userId, LockedCounter counter, EventDraft failure) {
    int failures = counter.value().failures() + 1;
    Optional<Instant> lockedUntil = policy.lockedUntil(failures, clock.instant());
    Optional<EventDraft> lockoutBegins = lockoutBegins(userId, failures, lockedUntil);
    // The lockout's start first: the trail reads "locked out" then the failure.
    counter.set(
        failures, lockedUntil, Stream.concat(lockoutBegins.stream(), Stream.of(failure)).toList());
    lockoutBegins.ifPresent(begins -> metrics.lockoutStarted());
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

  /** The event of the lockout that reaching {@code failures} starts, if it starts one. */
  private Optional<EventDraft> lockoutBegins(
      String userId, int failures, Optional<Instant> lockedUntil) {
    if (lockedUntil.isEmpty() && !policy.exhausted(failures)) {
      return Optional.empty();
    }
    return Optional.of(
        EventDraft.of(userId, EventType.LOCKED_OUT)
            .with("failed_attempts", Integer.toString(failures))
            .with("locked_until", lockedUntil.map(Instant::toString).orElse("until reset")));
  }
}
