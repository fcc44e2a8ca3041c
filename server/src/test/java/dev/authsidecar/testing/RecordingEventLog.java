package dev.authsidecar.testing;

import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link EventLog} that keeps what is recorded, for unit tests with in-memory stores. Not for
 * concurrency or end-to-end tests, and it serves no {@link #after} reads.
 */
public final class RecordingEventLog implements EventLog {
  private final List<EventDraft> recorded = new ArrayList<>();

  @Override
  public synchronized void record(EventDraft event, Instant at) {
    recorded.add(event);
  }

  @Override
  public List<StoredEvent> after(Optional<String> userId, long afterId, int limit) {
    throw new UnsupportedOperationException("unit tests read recorded() instead");
  }

  @Override
  public synchronized long newestId() {
    return recorded.size();
  }

  /** The events recorded on their own (refusals), oldest first. */
  public synchronized List<EventDraft> recorded() {
    return List.copyOf(recorded);
  }
}
