package dev.authsidecar.testing;

import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventServiceGrpc.EventServiceBlockingStub;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.ListEventsResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads the audit trail through ListEvents, page by page, as a login server would. */
public final class EventTrail {
  private EventTrail() {}

  /** Every event of the user (every event when userId is empty), oldest first. */
  public static List<Event> all(EventServiceBlockingStub events, String userId) {
    List<Event> all = new ArrayList<>();
    long after = 0;
    while (true) {
      ListEventsResponse page =
          events.listEvents(
              ListEventsRequest.newBuilder()
                  .setUserId(userId)
                  .setAfterId(after)
                  .setPageSize(1000)
                  .build());
      if (page.getEventsCount() == 0) {
        return all;
      }
      all.addAll(page.getEventsList());
      after = page.getNextAfterId();
    }
  }

  public static List<Event> ofType(EventServiceBlockingStub events, String userId, EventType type) {
    return all(events, userId).stream().filter(e -> e.getType() == type).toList();
  }

  public static List<EventType> types(List<Event> events) {
    return events.stream().map(Event::getType).toList();
  }

  /** The id of the newest event, 0 when there is none. */
  public static long lastId(EventServiceBlockingStub events) {
    List<Event> all = all(events, "");
    return all.isEmpty() ? 0 : all.getLast().getId();
  }
}
