package dev.authsidecar.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads the trail for ListEvents and follows it for WatchEvents.
 *
 * <p>Watching is a bounded poll of the events table, so it sees events written by any replica that
 * shares the database, on PostgreSQL and H2 alike. Ids come from a sequence and may commit out of
 * order: when the next id is missing, the feed waits up to {@link #GAP_WAIT} for it before it takes
 * the gap for a rolled-back transaction and moves on, so every event is delivered once and in id
 * order.
 */
public final class EventFeed {
  /** Longer than any transaction may run (statement timeout 5 s), so no commit is skipped. */
  static final Duration GAP_WAIT = Duration.ofSeconds(10);

  private static final int BATCH = 500;

  private final EventLog log;
  private final Duration pollInterval;

  /** The cursor of each open watch, for the lag metric. */
  private final Set<AtomicLong> watchCursors = ConcurrentHashMap.newKeySet();

  public EventFeed(EventLog log, Duration pollInterval) {
    this.log = log;
    this.pollInterval = pollInterval;
  }

  /** One page of events; redacted rows are skipped but still move the cursor on. */
  public Page page(Optional<String> userId, long afterId, int pageSize) {
    List<StoredEvent> rows = log.after(userId, afterId, pageSize);
    long next = rows.isEmpty() ? afterId : rows.getLast().id();
    return new Page(rows.stream().filter(e -> e.type() != EventType.REDACTED).toList(), next);
  }

  /** Events to show and the cursor for the next page. */
  public record Page(List<StoredEvent> events, long nextAfterId) {}

  /**
   * Delivers events after {@code afterId} to {@code sink} until {@code cancelled} says stop. Blocks
   * the calling (virtual) thread.
   */
  public void watch(
      Optional<String> userId, long afterId, Consumer<StoredEvent> sink, BooleanSupplier cancelled)
      throws InterruptedException {
    AtomicLong position = new AtomicLong(afterId);
    watchCursors.add(position);
    try {
      follow(userId, position, sink, cancelled);
    } finally {
      watchCursors.remove(position);
    }
  }

  /** WatchEvents streams open now. */
  public int watchers() {
    return watchCursors.size();
  }

  /**
   * Event ids between the newest event and the cursor of the slowest open watch; 0 without watches.
   * Ids of rolled-back transactions count too, so it is an upper bound on undelivered events.
   */
  public long slowestWatchLag() {
    OptionalLong slowest = watchCursors.stream().mapToLong(AtomicLong::get).min();
    if (slowest.isEmpty()) {
      return 0;
    }
    return Math.max(0, log.newestId() - slowest.getAsLong());
  }

  private void follow(
      Optional<String> userId,
      AtomicLong position,
      Consumer<StoredEvent> sink,
      BooleanSupplier cancelled)
      throws InterruptedException {
    long cursor = position.get();
    long gapSeenAt = 0;
    while (!cancelled.getAsBoolean()) {
      boolean stalled = false;
      // Gaps are judged on the global sequence, so a per-user watch reads every event.
      for (StoredEvent event : log.after(Optional.empty(), cursor, BATCH)) {
        if (event.id() != cursor + 1 && cursor != 0) {
          long now = System.nanoTime();
          if (gapSeenAt == 0) {
            gapSeenAt = now;
          }
          if (now - gapSeenAt < GAP_WAIT.toNanos()) {
            stalled = true;
            break;
          }
        }
        gapSeenAt = 0;
        cursor = event.id();
        position.set(cursor);
        if (event.type() != EventType.REDACTED
            && (userId.isEmpty() || userId.get().equals(event.userId()))) {
          sink.accept(event);
        }
      }
      if (stalled || !cancelled.getAsBoolean()) {
        Thread.sleep(pollInterval.toMillis());
      }
    }
  }
}
