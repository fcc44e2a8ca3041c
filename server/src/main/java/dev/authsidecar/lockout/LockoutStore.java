package dev.authsidecar.lockout;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The lockout questions asked of the database. */
public interface LockoutStore {
  /** The user's counter; a user never seen before has a clear one. */
  LockoutCounter counter(String userId, Instant now);

  /**
   * Moves the counter from {@code expectedFailures} to {@code failures} in one conditional update;
   * false when another request changed it first (the caller re-reads and tries again). The events,
   * in order, are written in the same transaction, and only when the counter moved.
   */
  boolean compareAndSet(
      String userId,
      int expectedFailures,
      int failures,
      Optional<Instant> lockedUntil,
      List<EventDraft> events,
      Instant now);

  /** The user's counter, read only: a user never seen has a clear one, and still no row. */
  LockoutCounter peek(String userId);

  /** Clears the counter after a success. */
  void clear(String userId);
}
