package dev.authsidecar.recovery;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.lockout.LockedCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The database questions recovery codes ask. */
public interface RecoveryStore {
  /** Replaces every code of the user with these, and writes the event, in one transaction. */
  void replace(String userId, List<KeyedHash> codes, Instant now, EventDraft event);

  /**
   * Runs {@code decision} in one transaction that begins by locking the user's lockout counter, so
   * the lockout check, the spending or the charge, and their events commit together or not at all.
   * Empty, with nothing run, when the user has no account row (and so never had codes). What it
   * writes is dated {@code now}.
   */
  <T> Optional<T> decide(String userId, Instant now, Decision<T> decision);

  /** A decision on a typed recovery code, inside {@link #decide}'s transaction. */
  @FunctionalInterface
  interface Decision<T> {
    T decide(LockedCounter counter, Codes codes);
  }

  /** The user's codes, inside {@link #decide}'s transaction. */
  interface Codes {
    /**
     * Spends the code matching one of the candidate hashes, if unused, in one conditional update: a
     * code is used at most once because only one update can move its used_at from null.
     */
    boolean consume(List<KeyedHash> candidates);

    /** Unused codes of the user; empty when the user has none at all. */
    Optional<Integer> remaining();

    /**
     * Whether one of the candidates matches a code of the user that was already used, and if so
     * whether this replay should be reported: at most once per code per {@code quiet} period,
     * decided by one conditional update of the code's last replay time.
     */
    Replay replay(List<KeyedHash> candidates, Duration quiet);

    /** Writes the events, in order. */
    void write(List<EventDraft> events);
  }

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
