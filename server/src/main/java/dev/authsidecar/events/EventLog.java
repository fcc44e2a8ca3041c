package dev.authsidecar.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit trail in the database. */
public interface EventLog {
  /** Writes an outcome that changes nothing else (a rejected or replayed code). */
  void record(EventDraft event, Instant at);

  /**
   * As {@link #record}, but the event may be written a moment after this returns, off the caller's
   * path: for answers given without the database (a replay refused from memory). Reads of this log
   * still see it, and a clean shutdown writes it.
   */
  default void recordSoon(EventDraft event, Instant at) {
    record(event, at);
  }

  /**
   * Writes the events, in order, in one transaction; those of users that no longer exist (erased
   * since) are left out.
   */
  default void recordAll(List<Timed> events) {
    events.forEach(e -> record(e.event(), e.at()));
  }

  /** An event and the time it happened. */
  record Timed(EventDraft event, Instant at) {}

  /** Events with an id above {@code afterId}, oldest first, at most {@code limit}. */
  List<StoredEvent> after(Optional<String> userId, long afterId, int limit);

  /** The highest event id written so far, 0 when there is none (for the watch lag metric). */
  long newestId();
}
