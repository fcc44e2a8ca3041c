package dev.authsidecar.lockout;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.Optional;

/** The lockout questions asked of the database. */
public interface LockoutStore {
  /** The user's counter; a user never seen before has a clear one. */
  LockoutCounter counter(String userId, Instant now);

  /**
   * Moves the counter from {@code expectedFailures} to {@code failures} in one conditional update;
   * false when another request changed it first (the caller re-reads and tries again). The event,
   * if any, is written in the same transaction.
   */
  boolean compareAndSet(
      String userId,
      int expectedFailures,
      int failures,
      Optional<Instant> lockedUntil,
      Optional<EventDraft> event,
      Instant now);

  /** The user's counter, read only: a user never seen has a clear one, and still no row. */
  LockoutCounter peek(String userId);

  /** Clears the counter after a success. */
  void clear(String userId);
}
