package dev.authsidecar.totp;

import dev.authsidecar.events.EventDraft;
import dev.authsidecar.lockout.LockedCounter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The database questions TOTP verification asks: the user's factors, and the decision on a code.
 * Enrollment has its own store ({@link TotpEnrollmentStore}).
 */
public interface TotpStore {
  /** The user's active TOTP factors, oldest first. */
  List<TotpFactor> factors(String userId);

  /**
   * Runs {@code decision} in one transaction that begins by reading the user's factors and locking
   * the user's lockout counter, in one statement, so the lockout check, the acceptance or the
   * charge, and their events commit together or not at all: one commit per decided code. Empty,
   * with nothing run, when the user has no account row (erased since its factors were read). What
   * it writes is dated {@code now}.
   */
  <T> Optional<T> decide(String userId, Instant now, Decision<T> decision);

  /** A decision on a typed code, inside {@link #decide}'s transaction. */
  @FunctionalInterface
  interface Decision<T> {
    T decide(LockedCounter counter, List<TotpFactor> factors, Steps steps);
  }

  /** The replay decision, inside {@link #decide}'s transaction. */
  interface Steps {
    /**
     * Accepts {@code step} for the factor in one conditional update that succeeds only while step
     * is newer than the last accepted one: the replay decision, shared by all replicas. On success
     * the factor's last use and {@code event} are written too.
     */
    boolean accept(UUID factorId, long step, int driftSteps, EventDraft event);
  }
}
