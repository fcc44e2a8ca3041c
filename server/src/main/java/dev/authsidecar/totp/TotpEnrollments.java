package dev.authsidecar.totp;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.error.LimitExceededException;
import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.lockout.Lockout;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.aerogear.security.otp.api.Base32;

/**
 * README, Flows, 1 (set up an authenticator app): begin an authenticator-app enrollment, then
 * confirm it with a code.
 */
public final class TotpEnrollments {
  private static final int SECRET_BYTES = 20; // RFC 4226 §4 R6: 160-bit shared secrets

  /** Confirmed TOTP factors a user may have at once; past it enrollment is RESOURCE_EXHAUSTED. */
  public static final int MAX_FACTORS_PER_USER = 10;

  /** Keeps the QR code small enough to scan from a phone screen. */
  private static final int MAX_URI_LENGTH = 1024;

  private final TotpEnrollmentStore store;
  private final TotpStore factorStore;
  private final EventLog events;
  private final TotpPolicy policy;
  private final SecretSealer sealer;
  private final AttemptGuard guard;
  private final UsedCodes usedCodes;
  private final TotpMatcher matcher;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  TotpEnrollments(
      TotpEnrollmentStore store,
      TotpStore factorStore,
      EventLog events,
      TotpPolicy policy,
      SecretSealer sealer,
      AttemptGuard guard,
      UsedCodes usedCodes,
      Clock clock) {
    this.store = store;
    this.factorStore = factorStore;
    this.events = events;
    this.policy = policy;
    this.sealer = sealer;
    this.guard = guard;
    this.usedCodes = usedCodes;
    this.matcher = new TotpMatcher(policy);
    this.clock = clock;
  }

  public NewEnrollment begin(EnrollmentRequest request) {
    UUID id = UUID.randomUUID();
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    TotpAlgorithm algorithm = request.algorithm().orElse(policy.algorithm());
    int digits = request.digits().orElse(policy.digits());
    Instant now = clock.instant();
    Instant expiresAt = now.plus(policy.enrollmentTtl());

    String base32 = Base32.encode(secret);
    String uri =
        OtpauthUri.of(
            request.issuer(),
            request.accountName(),
            base32,
            algorithm,
            digits,
            policy.periodSeconds());
    if (uri.length() > MAX_URI_LENGTH) {
      throw new InvalidArgumentException(
          "account_name", "with the issuer is too long for a QR code once URL-encoded");
    }
    // Rendered before anything is stored, so a failure here leaves no half-made enrollment.
    QrCodes qr = QrCodes.of(uri);
    SealedSecret sealed = sealer.seal(secret, TotpFactor.sealingContext(id, request.userId()));
    store.addEnrollment(
        new PendingEnrollment(
            id,
            request.userId(),
            request.label(),
            sealed,
            algorithm,
            digits,
            policy.periodSeconds(),
            now,
            expiresAt,
            Optional.empty()),
        policy.maxPendingEnrollments(),
        MAX_FACTORS_PER_USER,
        EventDraft.of(
            request.userId(),
            EventType.TOTP_ENROLLMENT_STARTED,
            Map.of("enrollment_id", id.toString(), "label", request.label())));

    return new NewEnrollment(
        id, base32, uri, qr.png(), qr.svg(), expiresAt, algorithm, digits, policy.periodSeconds());
  }

  /** Checks the first code; on success the enrollment becomes a factor and the code is spent. */
  public ConfirmOutcome confirm(UUID enrollmentId, String code) {
    PendingEnrollment enrollment =
        store
            .enrollment(enrollmentId)
            .orElseThrow(() -> new NotFoundException("enrollment_id", "enrollment"));
    ConfirmOutcome outcome =
        enrollment.confirmedAt().isPresent()
            ? confirmedAgain(enrollment, code)
            : decide(enrollment, code);
    // ACCEPTED writes its event with the factor; LOCKED_OUT changes nothing and writes none (the
    // lockout's start has one); a right code at an already confirmed enrollment (below) neither.
    if (outcome.verdict() != Verdict.ACCEPTED
        && outcome.verdict() != Verdict.LOCKED_OUT
        && !outcome.silent()) {
      events.record(
          VerifyEvents.outcome(
              enrollment.userId(),
              outcome.verdict(),
              FactorType.TOTP,
              Map.of("enrollment_id", enrollment.id().toString())),
          clock.instant());
    }
    return outcome;
  }

  /**
   * ConfirmEnrollment for an enrollment that is already a factor. Its id is the factor id, which
   * GetStatus shows, so anyone may send codes here: REPLAYED, with its "someone may have seen your
   * code" event, is answered only for a code of an already accepted step of that factor (the
   * confirmation code, or one at or before the newest accepted step), exactly as Verify would, and
   * costs nothing. Any other code is charged first like every typed code: a wrong one is REJECTED,
   * a right fresh one is REPLAYED (the enrollment is confirmed) without an event and ends the run
   * of failures, as a right code does. A removed factor's enrollment is NOT_FOUND.
   */
  private ConfirmOutcome confirmedAgain(PendingEnrollment enrollment, String code) {
    String userId = enrollment.userId();
    TotpFactor factor =
        factorStore.factors(userId).stream()
            .filter(f -> f.id().equals(enrollment.id()))
            .findFirst()
            .orElseThrow(() -> new NotFoundException("enrollment_id", "enrollment"));
    Optional<Lockout> inForce = guard.inForce(userId);
    if (inForce.isPresent()) {
      return new ConfirmOutcome(
          Verdict.LOCKED_OUT, Optional.empty(), inForce.get().retryAfter(), false);
    }
    Instant now = clock.instant();
    byte[] secret = sealer.open(factor.secret(), TotpFactor.sealingContext(factor.id(), userId));
    Optional<TotpMatcher.Match> match =
        matcher.match(
            secret, factor.algorithm(), factor.digits(), factor.periodSeconds(), code, now);
    if (match.isPresent() && match.get().step() <= factor.lastStep()) {
      return ConfirmOutcome.of(Verdict.REPLAYED);
    }
    Optional<Lockout> lockout = guard.charge(userId);
    if (lockout.isPresent()) {
      return new ConfirmOutcome(
          Verdict.LOCKED_OUT, Optional.empty(), lockout.get().retryAfter(), false);
    }
    if (match.isEmpty()) {
      return ConfirmOutcome.of(Verdict.REJECTED);
    }
    guard.succeeded(userId);
    return new ConfirmOutcome(Verdict.REPLAYED, Optional.empty(), Optional.empty(), true);
  }

  private ConfirmOutcome decide(PendingEnrollment enrollment, String code) {
    Optional<ConfirmOutcome> settled = settledState(enrollment, clock.instant());
    if (settled.isPresent()) {
      return settled.get();
    }
    Optional<Lockout> lockout = guard.charge(enrollment.userId());
    if (lockout.isPresent()) {
      return new ConfirmOutcome(
          Verdict.LOCKED_OUT, Optional.empty(), lockout.get().retryAfter(), false);
    }

    Instant now = clock.instant();
    byte[] secret =
        sealer.open(
            enrollment.secret(), TotpFactor.sealingContext(enrollment.id(), enrollment.userId()));
    Optional<TotpMatcher.Match> match =
        matcher.match(
            secret,
            enrollment.algorithm(),
            enrollment.digits(),
            enrollment.periodSeconds(),
            code,
            now);
    if (match.isEmpty()) {
      return ConfirmOutcome.of(Verdict.REJECTED);
    }
    EventDraft enrolled =
        EventDraft.of(
            enrollment.userId(),
            EventType.FACTOR_ENROLLED,
            Map.of("factor_id", enrollment.id().toString(), "factor_type", FactorType.TOTP.name()));
    TotpEnrollmentStore.Confirmation confirmation =
        store.confirm(
            enrollment,
            match.get().step(),
            match.get().offset(),
            now,
            MAX_FACTORS_PER_USER,
            enrolled);
    if (confirmation == TotpEnrollmentStore.Confirmation.LIMIT) {
      // The code was right; the cap, not the user, refuses it.
      guard.succeeded(enrollment.userId());
      throw new LimitExceededException(
          "user_id",
          "has "
              + MAX_FACTORS_PER_USER
              + " authenticator apps, the most allowed; remove one first");
    }
    if (confirmation == TotpEnrollmentStore.Confirmation.LOST) {
      // Lost a race: another request confirmed it, or it expired in between.
      // Either way the code was right, so it does not count as a failure.
      guard.succeeded(enrollment.userId());
      return store
          .enrollment(enrollment.id())
          .map(current -> settledState(current, now).orElse(ConfirmOutcome.of(Verdict.REPLAYED)))
          // Deleted meanwhile (pruned by newer enrollments, or a reset): it can never be confirmed.
          .orElse(ConfirmOutcome.of(Verdict.EXPIRED));
    }
    guard.succeeded(enrollment.userId());
    usedCodes.remember(enrollment.userId(), code, enrollment.id());
    FactorInfo factor =
        new FactorInfo(
            enrollment.id(),
            FactorType.TOTP,
            enrollment.label(),
            now,
            Optional.empty(),
            Optional.of(
                new FactorInfo.TotpInfo(
                    enrollment.algorithm(),
                    enrollment.digits(),
                    enrollment.periodSeconds(),
                    match.get().offset())));
    return new ConfirmOutcome(Verdict.ACCEPTED, Optional.of(factor), Optional.empty(), false);
  }

  /** Deletes enrollments that expired before {@code cutoff}. */
  public int purgeExpired(Instant cutoff) {
    return store.purgeEnrollments(cutoff);
  }

  private static Optional<ConfirmOutcome> settledState(PendingEnrollment enrollment, Instant now) {
    if (enrollment.confirmedAt().isPresent()) {
      return Optional.of(ConfirmOutcome.of(Verdict.REPLAYED));
    }
    if (!enrollment.expiresAt().isAfter(now)) {
      return Optional.of(ConfirmOutcome.of(Verdict.EXPIRED));
    }
    return Optional.empty();
  }
}
