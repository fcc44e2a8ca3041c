package dev.authsidecar.totp;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The database questions TOTP enrollment asks (README, Flows, 1). Methods that change state write
 * their event in the same transaction.
 */
public interface TotpEnrollmentStore {
  /**
   * Stores a pending enrollment, keeping only the user's newest {@code keepPending} ones, under the
   * user's row lock; throws {@link dev.authsidecar.error.LimitExceededException}, with nothing
   * written, when the user already has {@code maxFactors} TOTP factors.
   */
  void addEnrollment(
      PendingEnrollment enrollment, int keepPending, int maxFactors, EventDraft event);

  Optional<PendingEnrollment> enrollment(UUID id);

  /**
   * Atomically marks the enrollment confirmed (only if still pending and unexpired at {@code now})
   * and creates the factor with {@code step} as its last accepted step, so the confirmation code
   * cannot be used again. LOST when another request confirmed it first or it expired; LIMIT, with
   * nothing changed, when the user already has {@code maxFactors} TOTP factors (counted under the
   * user's row lock, so racing replicas cannot exceed it).
   */
  Confirmation confirm(
      PendingEnrollment enrollment,
      long step,
      int driftSteps,
      Instant now,
      int maxFactors,
      EventDraft event);

  /** How a confirmation ended. */
  enum Confirmation {
    CONFIRMED,
    LOST,
    LIMIT
  }

  /** Deletes enrollments that expired before {@code cutoff}; returns how many. */
  int purgeEnrollments(Instant cutoff);
}
