package dev.authsidecar.events;

import dev.authsidecar.factor.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event every verification outcome leaves, whatever the factor. */
public final class VerifyEvents {
  private VerifyEvents() {}

  /**
   * ACCEPTED, REPLAYED and LOCKED_OUT have event types of their own; the other refusals are
   * VERIFY_REJECTED with the result in the details.
   */
  public static EventDraft outcome(
      String userId, Verdict verdict, String factorType, Map<String, String> details) {
    EventType type =
        switch (verdict) {
          case ACCEPTED -> EventType.VERIFY_ACCEPTED;
          case REPLAYED -> EventType.VERIFY_REPLAYED;
          case LOCKED_OUT -> EventType.LOCKED_OUT;
          case REJECTED, NOT_ENROLLED, EXPIRED -> EventType.VERIFY_REJECTED;
        };
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("factor_type", factorType);
    all.put("result", verdict.name());
    return EventDraft.of(userId, type, all);
  }
}
