package dev.authsidecar.events;

import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event every verification outcome leaves, whatever the factor. */
public final class VerifyEvents {
  private VerifyEvents() {}

  /**
   * ACCEPTED and REPLAYED have event types of their own; the other refusals are VERIFY_REJECTED
   * with the result in the details. (LOCKED_OUT events mark the start of a lockout only, so that a
   * login server can notify once, not for every refused attempt.) The details name the factor type
   * by its enum name, e.g. {@code factor_type=RECOVERY_CODES}.
   */
  public static EventDraft outcome(
      String userId, Verdict verdict, FactorType factorType, Map<String, String> details) {
    return draft(userId, verdict, factorType.name(), details);
  }

  /**
   * The outcome of a calling login server's word that it re-authenticated the user: no factor, so
   * its events say {@code factor_type=REAUTHENTICATION}.
   */
  public static EventDraft reauthenticationOutcome(
      String userId, Verdict verdict, Map<String, String> details) {
    return draft(userId, verdict, "REAUTHENTICATION", details);
  }

  private static EventDraft draft(
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
