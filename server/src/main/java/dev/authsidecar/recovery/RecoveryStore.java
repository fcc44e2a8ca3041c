package dev.authsidecar.recovery;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.events.EventDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** The database questions recovery codes ask. */
public interface RecoveryStore {
  /** Replaces every code of the user with these, and writes the event, in one transaction. */
  void replace(String userId, List<KeyedHash> codes, Instant now, EventDraft event);

  /** Unused codes of the user; empty when the user never had any. */
  Optional<Integer> remaining(String userId);

  /**
   * Consumes the code matching one of the candidate hashes, if unused, in one conditional update,
   * and writes the events that {@code eventsFor(remaining)} returns in the same transaction.
   * Returns the number of unused codes left, or empty when no unused code matched.
   */
  Optional<Integer> consume(
      String userId,
      List<KeyedHash> candidates,
      Instant now,
      IntFunction<List<EventDraft>> eventsFor);

  /**
   * Whether one of the candidates matches a code of the user that was already used, and if so
   * whether this replay should be reported: at most once per code per {@code quiet} period, decided
   * by one conditional update of the code's last replay time.
   */
  Replay replay(String userId, List<KeyedHash> candidates, Instant now, Duration quiet);

  /** What a typed code is with respect to the user's used codes. */
  enum Replay {
    /** Matches no used code. */
    NONE,
    /** A used code, first presented again in the quiet period: worth an event. */
    REPORT,
    /** A used code already reported within the quiet period. */
    QUIET
  }
}
