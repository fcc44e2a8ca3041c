package dev.authsidecar.recovery;

import dev.authsidecar.crypto.KeyedHasher;
import dev.authsidecar.crypto.RandomCodes;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.lockout.LockedCounter;
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
  private final KeyedHasher hasher;
  private final AttemptGuard guard;
  private final Clock clock;

  public RecoveryCodes(RecoveryStore store, KeyedHasher hasher, AttemptGuard guard, Clock clock) {
    this.store = store;
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

  /**
   * {@code code} must be normalised (see {@code validation.Codes.crockford}). Decided in one
   * transaction with the user's lockout counter locked: a locked-out user is refused before the
   * code is looked at, and every outcome's event commits with it.
   */
  public RecoveryOutcome verify(String userId, String code) {
    List<KeyedHasher.KeyedHash> candidates = candidates(code);
    // Nothing to audit for a user without codes (made-up ids must not grow the trail).
    RecoveryOutcome notEnrolled = new RecoveryOutcome(Verdict.NOT_ENROLLED, 0, Optional.empty());
    return store
        .decide(
            userId,
            clock.instant(),
            (counter, codes) -> decide(userId, candidates, counter, codes).orElse(notEnrolled))
        .orElse(notEnrolled);
  }

  /** The hashes a typed code may be stored under, one per configured key. */
  List<KeyedHasher.KeyedHash> candidates(String code) {
    return hasher.candidates(HASH_PURPOSE, code);
  }

  /** The outcome, empty when the user has no codes. */
  private Optional<RecoveryOutcome> decide(
      String userId,
      List<KeyedHasher.KeyedHash> candidates,
      LockedCounter counter,
      RecoveryStore.Codes codes) {
    // A lockout in force refuses everything, replays included; the refusal changes nothing and
    // leaves no event (the lockout's start has one).
    Optional<Lockout> lockout = guard.lockoutOf(counter);
    if (lockout.isPresent()) {
      return codes
          .remaining()
          .map(left -> new RecoveryOutcome(Verdict.LOCKED_OUT, left, lockout.get().retryAfter()));
    }
    if (codes.consume(candidates)) {
      int left = codes.remaining().orElseThrow();
      codes.write(acceptedEvents(userId, left));
      counter.clear();
      return Optional.of(new RecoveryOutcome(Verdict.ACCEPTED, left, Optional.empty()));
    }
    Optional<Integer> remaining = codes.remaining();
    if (remaining.isEmpty()) {
      return Optional.empty();
    }
    // A replay of a spent code costs no attempt: the answer is free only for a code that hashes to
    // one the user already used, so it tells a guesser nothing about the unused ones.
    RecoveryStore.Replay replay = codes.replay(candidates, REPLAY_REPORT_QUIET);
    RecoveryOutcome outcome =
        new RecoveryOutcome(
            replay == RecoveryStore.Replay.NONE ? Verdict.REJECTED : Verdict.REPLAYED,
            remaining.get(),
            Optional.empty());
    EventDraft event =
        VerifyEvents.outcome(userId, outcome.verdict(), FactorType.RECOVERY_CODES, Map.of());
    switch (replay) {
      case NONE -> guard.chargeFailure(userId, counter, event);
      case REPORT -> codes.write(List.of(event));
      case QUIET -> {}
    }
    return Optional.of(outcome);
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
