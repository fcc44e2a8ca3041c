package dev.authsidecar.account;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The database side of disable, reset and delete: each one transaction with its event. */
public interface LifecycleStore {
  /**
   * Removes every factor, pending enrollment, recovery code, device and temporary code of the user
   * and clears the lockout counter and preferred factor. With a temporary code (admin reset) the
   * user must enroll again.
   */
  void wipe(String userId, Optional<TemporaryCode> temporaryCode, Instant now, EventDraft event);

  /**
   * Consumes every one of the given recovery codes (each candidate list names one code) and wipes
   * the user, all or nothing. False, with nothing changed, when any code is not an unused one.
   */
  boolean wipeWithRecoveryCodes(
      String userId, List<List<KeyedHash>> codes, Instant now, EventDraft event);

  /** True while the user holds a temporary code (used or not, expired or not). */
  boolean hasTemporaryCode(String userId);

  /**
   * Consumes the user's temporary code if one candidate matches it and it is unused and unexpired,
   * in one conditional update, writing {@code accepted} with it.
   */
  TemporaryCodeCheck consumeTemporaryCode(
      String userId, List<KeyedHash> candidates, Instant now, EventDraft accepted);

  /**
   * Erases every row about the user and writes the pseudonymous marker. The user's events are
   * redacted in place (nothing about the user is left in them) rather than deleted.
   */
  void erase(String userId, EventDraft marker, Instant now);

  /** The single-use code of an admin reset. */
  record TemporaryCode(KeyedHash hash, Instant expiresAt) {}

  /** What a typed temporary code turned out to be. */
  enum TemporaryCodeCheck {
    ACCEPTED,
    USED,
    EXPIRED,
    NO_MATCH
  }
}
