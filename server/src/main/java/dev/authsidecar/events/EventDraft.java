package dev.authsidecar.events;

import dev.authsidecar.caller.Caller;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event about to be written, usually by the store method whose change it describes, in the same
 * transaction. Details never carry secrets or codes.
 */
public record EventDraft(String userId, EventType type, String actor, Map<String, String> details) {

  public EventDraft {
    details = Map.copyOf(details);
  }

  /** An event whose actor is the current caller. */
  public static EventDraft of(String userId, EventType type, Map<String, String> details) {
    return new EventDraft(userId, type, Caller.current().name(), details);
  }

  public static EventDraft of(String userId, EventType type) {
    return of(userId, type, Map.of());
  }

  /** The same event with one more detail. */
  public EventDraft with(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(details);
    more.put(key, value);
    return new EventDraft(userId, type, actor, more);
  }
}
