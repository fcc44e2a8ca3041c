package dev.authsidecar.totp;

import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.lockout.LockedCounter;
import dev.authsidecar.lockout.Lockout;
import dev.authsidecar.metrics.VerificationMetrics;
import dev.authsidecar.metrics.VerificationMetrics.ReplayDetection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * README, Flows, 2 (sign in with a second factor): check a typed code against every TOTP factor of
 * the user.
 */
public final class TotpVerifier {
  private final TotpStore store;
  private final EventLog events;
  private final SecretSealer sealer;
  private final AttemptGuard guard;
  private final UsedCodes usedCodes;
  private final TotpMatcher matcher;
  private final Clock clock;
  private final VerificationMetrics metrics;

  TotpVerifier(
      TotpStore store,
      EventLog events,
      TotpPolicy policy,
      SecretSealer sealer,
      AttemptGuard guard,
      UsedCodes usedCodes,
      Clock clock,
      VerificationMetrics metrics) {
    this.store = store;
    this.events = events;
    this.sealer = sealer;
    this.guard = guard;
    this.usedCodes = usedCodes;
    this.matcher = new TotpMatcher(policy);
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * {@code code} must already be normalised (see {@code validation.Codes}). Every outcome but
   * NOT_ENROLLED and LOCKED_OUT leaves an event, written in the transaction that decides it where
   * there is one: an acceptance with its conditional update, a wrong code with its charge.
   *
   * <p>No event for a user without factors: recording every made-up id would let anyone grow the
   * trail without bound. None for a LOCKED_OUT refusal either: it changes nothing, and the start of
   * the lockout has its event.
   */
  public VerifyOutcome verify(String userId, String code) {
    VerifyOutcome outcome = decide(userId, code);
    if (outcome.verdict() == Verdict.ACCEPTED) {
      usedCodes.remember(userId, code, outcome.factorId().orElseThrow());
    }
    if (outcome.verdict() == Verdict.REPLAYED) {
      // Off the answer's path: a replay refused from memory does no database work (issue 12).
      events.recordSoon(outcomeEvent(userId, outcome), clock.instant());
    }
    return outcome;
  }

  private static EventDraft outcomeEvent(String userId, VerifyOutcome outcome) {
    return VerifyEvents.outcome(
        userId,
        outcome.verdict(),
        FactorType.TOTP,
        outcome.factorId().map(id -> Map.of("factor_id", id.toString())).orElse(Map.of()));
  }

  private VerifyOutcome decide(String userId, String code) {
    // Fast path: this replica saw the code accepted moments ago.
    Optional<VerifyOutcome> known =
        usedCodes.factorThatUsed(userId, code).map(VerifyOutcome::replayed);
    if (known.isPresent()) {
      metrics.replayRefused(ReplayDetection.MEMORY);
      return known.get();
    }
    Instant now = clock.instant();
    // Decided with the user's lockout counter locked (one transaction, one commit): a locked-out
    // user gets LOCKED_OUT, and nothing written, whether the code was right or not.
    return store
        .decide(
            userId,
            now,
            (counter, factors, steps) -> decide(userId, code, now, counter, factors, steps))
        .orElse(VerifyOutcome.of(Verdict.NOT_ENROLLED)); // no account row: never enrolled
  }

  private VerifyOutcome decide(
      String userId,
      String code,
      Instant now,
      LockedCounter counter,
      List<TotpFactor> factors,
      TotpStore.Steps steps) {
    if (factors.isEmpty()) {
      return VerifyOutcome.of(Verdict.NOT_ENROLLED);
    }
    Candidate fresh = null;
    Candidate spent = null;
    for (TotpFactor factor : factors) {
      byte[] secret = sealer.open(factor.secret(), TotpFactor.sealingContext(factor.id(), userId));
      Optional<TotpMatcher.Match> match =
          matcher.match(
              secret, factor.algorithm(), factor.digits(), factor.periodSeconds(), code, now);
      if (match.isPresent()) {
        Candidate candidate = new Candidate(factor, match.get());
        if (match.get().step() > factor.lastStep()) {
          fresh = fresh == null ? candidate : fresh;
        } else {
          spent = spent == null ? candidate : spent;
        }
      }
    }
    if (fresh == null && spent != null) {
      // The code was right once. Telling so reveals nothing an attacker can use, and costs the
      // user no attempt; the replay still never gets in.
      usedCodes.remember(userId, code, spent.factor().id());
      metrics.replayRefused(ReplayDetection.STORED_STEP);
      return VerifyOutcome.replayed(spent.factor().id());
    }
    Optional<Lockout> lockout = guard.lockoutOf(counter);
    if (lockout.isPresent()) {
      return VerifyOutcome.lockedOut(lockout.get().retryAfter());
    }
    if (fresh == null) {
      VerifyOutcome rejected = VerifyOutcome.of(Verdict.REJECTED);
      guard.chargeFailure(userId, counter, outcomeEvent(userId, rejected));
      return rejected;
    }
    // A right code ends the run of failures, even when it lost the step to a rival.
    counter.clear();
    return accept(userId, fresh, steps);
  }

  private VerifyOutcome accept(String userId, Candidate fresh, TotpStore.Steps steps) {
    TotpFactor factor = fresh.factor();
    EventDraft accepted =
        VerifyEvents.outcome(
            userId,
            Verdict.ACCEPTED,
            FactorType.TOTP,
            Map.of(
                "factor_id",
                factor.id().toString(),
                "time_step_offset",
                Integer.toString(fresh.match().offset())));
    if (!steps.accept(factor.id(), fresh.match().step(), fresh.match().offset(), accepted)) {
      // Another request, maybe on another replica, accepted this or a newer step first. The code
      // was right, so it does not count as a failure.
      metrics.replayRefused(ReplayDetection.CONDITIONAL_UPDATE);
      return VerifyOutcome.replayed(factor.id());
    }
    // verify() remembers the code once the transaction has committed: an acceptance rolled back
    // must not be answered from memory.
    return new VerifyOutcome(
        Verdict.ACCEPTED, Optional.of(factor.id()), Optional.empty(), fresh.match().offset());
  }

  private record Candidate(TotpFactor factor, TotpMatcher.Match match) {}
}
