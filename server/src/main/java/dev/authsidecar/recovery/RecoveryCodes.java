package dev.authsidecar.recovery;

import dev.authsidecar.crypto.KeyedHasher;
import dev.authsidecar.crypto.RandomCodes;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.lockout.Lockout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * README, Flows, 4 (recovery codes): single-use recovery codes, shown once, stored as keyed hashes.
 */
public final class RecoveryCodes {
  /** 10 Crockford characters: 50 bits, typed as xxxxx-xxxxx. */
  public static final int LENGTH = 10;

  public static final int MAX_COUNT = 20;
  public static final String HASH_PURPOSE = "recovery-code";

  /** At or below this many unused codes an event tells the login server to nudge the user. */
  static final int LOW = 2;

  /** A spent code presented again is reported at most once per code in this period. */
  static final Duration REPLAY_REPORT_QUIET = Duration.ofHours(1);

  private final RecoveryStore store;
  private final EventLog events;
  private final KeyedHasher hasher;
  private final AttemptGuard guard;
  private final Clock clock;

  public RecoveryCodes(
      RecoveryStore store, EventLog events, KeyedHasher hasher, AttemptGuard guard, Clock clock) {
    this.store = store;
    this.events = events;
    this.hasher = hasher;
    this.guard = guard;
    this.clock = clock;
  }

  /** New codes for the user; every earlier code stops working in the same transaction. */
  public GeneratedCodes generate(String userId, int count) {
    List<String> codes = new ArrayList<>(count);
    List<KeyedHasher.KeyedHash> hashes = new ArrayList<>(count);
    while (codes.size() < count) {
      String code = RandomCodes.generate(LENGTH);
      if (!codes.contains(code)) {
        codes.add(code);
        hashes.add(hasher.hash(HASH_PURPOSE, code));
      }
    }
    Instant now = clock.instant();
    store.replace(
        userId,
        hashes,
        now,
        EventDraft.of(
            userId, EventType.RECOVERY_CODES_GENERATED, Map.of("count", Integer.toString(count))));
    return new GeneratedCodes(
        codes.stream().map(code -> RandomCodes.display(code, 5)).toList(), now);
  }

  /** {@code code} must be normalised (see {@code validation.Codes.crockford}). */
  public RecoveryOutcome verify(String userId, String code) {
    Decision decision = decide(userId, code);
    if (decision.recorded()) {
      events.record(
          VerifyEvents.outcome(
              userId, decision.outcome().verdict(), FactorType.RECOVERY_CODES, Map.of()),
          clock.instant());
    }
    return decision.outcome();
  }

  /** The hashes a typed code may be stored under, one per configured key. */
  List<KeyedHasher.KeyedHash> candidates(String code) {
    return hasher.candidates(HASH_PURPOSE, code);
  }

  private Decision decide(String userId, String code) {
    Optional<Integer> before = store.remaining(userId);
    if (before.isEmpty()) {
      // Nothing to audit for a user without codes (made-up ids must not grow the trail).
      return Decision.silent(new RecoveryOutcome(Verdict.NOT_ENROLLED, 0, Optional.empty()));
    }
    // A lockout in force refuses everything, replays included; the refusal changes nothing and
    // leaves no event (the lockout's start has one).
    Optional<Lockout> inForce = guard.inForce(userId);
    if (inForce.isPresent()) {
      return Decision.silent(
          new RecoveryOutcome(Verdict.LOCKED_OUT, before.get(), inForce.get().retryAfter()));
    }
    List<KeyedHasher.KeyedHash> candidates = candidates(code);
    Instant now = clock.instant();
    // A replay of a spent code costs no attempt: the answer is free only for a code that hashes to
    // one the user already used, so it tells a guesser nothing about the unused ones.
    RecoveryStore.Replay replay = store.replay(userId, candidates, now, REPLAY_REPORT_QUIET);
    if (replay != RecoveryStore.Replay.NONE) {
      return new Decision(
          new RecoveryOutcome(Verdict.REPLAYED, before.get(), Optional.empty()),
          replay == RecoveryStore.Replay.REPORT);
    }
    Optional<Lockout> lockout = guard.charge(userId);
    if (lockout.isPresent()) {
      return Decision.silent(
          new RecoveryOutcome(Verdict.LOCKED_OUT, before.get(), lockout.get().retryAfter()));
    }
    Optional<Integer> left =
        store.consume(userId, candidates, now, remaining -> acceptedEvents(userId, remaining));
    if (left.isPresent()) {
      guard.succeeded(userId);
      return Decision.silent(new RecoveryOutcome(Verdict.ACCEPTED, left.get(), Optional.empty()));
    }
    replay = store.replay(userId, candidates, now, REPLAY_REPORT_QUIET);
    int remaining = store.remaining(userId).orElse(0);
    if (replay != RecoveryStore.Replay.NONE) {
      // A concurrent request spent this very code between the check above and the charge: the
      // code was right, so, like a TOTP step lost to a race, it is not a failure.
      guard.succeeded(userId);
      return new Decision(
          new RecoveryOutcome(Verdict.REPLAYED, remaining, Optional.empty()),
          replay == RecoveryStore.Replay.REPORT);
    }
    return new Decision(new RecoveryOutcome(Verdict.REJECTED, remaining, Optional.empty()), true);
  }

  /** An outcome, and whether it leaves a refusal event (acceptances write theirs themselves). */
  private record Decision(RecoveryOutcome outcome, boolean recorded) {
    static Decision silent(RecoveryOutcome outcome) {
      return new Decision(outcome, false);
    }
  }

  private static List<EventDraft> acceptedEvents(String userId, int remaining) {
    List<EventDraft> drafts = new ArrayList<>();
    drafts.add(
        VerifyEvents.outcome(
            userId,
            Verdict.ACCEPTED,
            FactorType.RECOVERY_CODES,
            Map.of("remaining", Integer.toString(remaining))));
    if (remaining <= LOW) {
      drafts.add(
          EventDraft.of(
              userId,
              EventType.RECOVERY_CODES_LOW,
              Map.of("remaining", Integer.toString(remaining))));
    }
    return drafts;
  }

  /** Codes as shown to the user, and when they were made. */
  public record GeneratedCodes(List<String> codes, Instant generatedAt) {}
}
