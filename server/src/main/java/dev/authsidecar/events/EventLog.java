package dev.authsidecar.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit trail in the database. */
public interface EventLog {
  /** Writes an outcome that changes nothing else (a rejected or replayed code). */
  void record(EventDraft event, Instant at);

  /** Events with an id above {@code afterId}, oldest first, at most {@code limit}. */
  List<StoredEvent> after(Optional<String> userId, long afterId, int limit);

  /** The highest event id written so far, 0 when there is none (for the watch lag metric). */
  long newestId();
}
