package dev.authsidecar.lockout;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user's lockout counter, locked until the end of the transaction that read it. Concurrent
 * attempts of the same user, on any replica, wait for that transaction, so what it decides from
 * {@link #value} still holds when it commits: no compare-and-set, no retry.
 */
public interface LockedCounter {
  /** The counter as it is now; a user without a row has a clear one. */
  LockoutCounter value();

  /** Sets the counter; the events, in order, are written in the same transaction. */
  void set(int failures, Optional<Instant> lockedUntil, List<EventDraft> events);

  /** Ends the run of failures (no write when it is already clear). */
  void clear();
}
