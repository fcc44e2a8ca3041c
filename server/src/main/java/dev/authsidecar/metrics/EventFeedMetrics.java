package dev.authsidecar.metrics;

import dev.authsidecar.events.EventFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** How far the WatchEvents streams of this replica are behind the events table. */
public final class EventFeedMetrics {
  private EventFeedMetrics() {}

  public static void bind(MeterRegistry registry, EventFeed feed) {
    Gauge.builder("authsidecar.events.watch.streams", feed, EventFeed::watchers)
        .description("WatchEvents streams open on this replica")
        .register(registry);
    // Read at scrape time: one max(id) query, and none while no stream is open. NaN while the
    // database cannot be reached.
    Gauge.builder("authsidecar.events.watch.lag", feed, EventFeedMetrics::lag)
        .description(
            "Event ids between the newest event in the database and the last one the slowest"
                + " WatchEvents stream moved past (0 without streams)")
        .baseUnit("events")
        .register(registry);
  }

  private static double lag(EventFeed feed) {
    try {
      return feed.slowestWatchLag();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
