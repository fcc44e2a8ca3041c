package dev.authsidecar.account;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.UUID;

/** The database questions account management asks. */
public interface AccountStore {
  /** The user's state; a user never seen has no factors and a clear counter. */
  AccountRecord account(String userId);

  /** Sets the preferred factor if it belongs to the user; false when it does not. */
  boolean setPreferred(String userId, UUID factorId, EventDraft event, Instant now);

  /** Renames the factor if it belongs to the user; false when it does not. */
  boolean rename(String userId, UUID factorId, String label, EventDraft event, Instant now);

  /**
   * Deletes the factor (and its type-specific row) if it belongs to the user, and drops it as the
   * preferred factor; false when it does not belong to the user.
   */
  boolean remove(String userId, UUID factorId, EventDraft event, Instant now);
}
