package dev.authsidecar.events;

import java.time.Instant;
import java.util.Map;

/** An event as read back from the trail. */
public record StoredEvent(
    long id,
    String userId,
    EventType type,
    String actor,
    Instant createdAt,
    Map<String, String> details) {}
