package dev.authsidecar.events;

import dev.authsidecar.factor.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event every verification outcome leaves, whatever the factor. */
public final class VerifyEvents {
  private VerifyEvents() {}

  /**
   * ACCEPTED and REPLAYED have event types of their own; the other refusals are VERIFY_REJECTED
   * with the result in the details. (LOCKED_OUT events mark the start of a lockout only, so that a
   * login server can notify once, not for every refused attempt.)
   */
  public static EventDraft outcome(
      String userId, Verdict verdict, String factorType, Map<String, String> details) {
    EventType type =
        switch (verdict) {
          case ACCEPTED -> EventType.VERIFY_ACCEPTED;
          case REPLAYED -> EventType.VERIFY_REPLAYED;
          case REJECTED, LOCKED_OUT, NOT_ENROLLED, EXPIRED -> EventType.VERIFY_REJECTED;
        };
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("factor_type", factorType);
    all.put("result", verdict.name());
    return EventDraft.of(userId, type, all);
  }
}
