package dev.authsidecar.totp;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The database questions TOTP verification asks: the user's factors, and the replay decision.
 * Enrollment has its own store ({@link TotpEnrollmentStore}).
 */
public interface TotpStore {
  /** The user's active TOTP factors, oldest first. */
  List<TotpFactor> factors(String userId);

  /**
   * Accepts {@code step} for the factor in one conditional update that succeeds only while step is
   * newer than the last accepted one. This is the replay decision, shared by all replicas. On
   * success the factor's last use and {@code event} are written in the same transaction.
   */
  boolean acceptStep(UUID factorId, long step, int driftSteps, Instant now, EventDraft event);
}
