package dev.authsidecar.account;

import dev.authsidecar.account.DisablingProof.Admin;
import dev.authsidecar.account.DisablingProof.Reauthenticated;
import dev.authsidecar.account.DisablingProof.RecoveryCodeSet;
import dev.authsidecar.account.DisablingProof.TotpCode;
import dev.authsidecar.account.DisablingProof.WebAuthnAssertion;
import dev.authsidecar.account.LifecycleStore.TemporaryCode;
import dev.authsidecar.account.LifecycleStore.TemporaryCodeCheck;
import dev.authsidecar.caller.Caller;
import dev.authsidecar.crypto.KeyedHasher;
import dev.authsidecar.crypto.RandomCodes;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.error.PermissionDeniedException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.lockout.Lockout;
import dev.authsidecar.recovery.RecoveryCodes;
import dev.authsidecar.recovery.RecoveryOutcome;
import dev.authsidecar.totp.TotpVerifier;
import dev.authsidecar.totp.VerifyOutcome;
import dev.authsidecar.webauthn.WebAuthnCeremonies;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Authentication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Flows 2, 6 and 7 of the design around whole accounts: one entry point for any typed code,
 * disabling 2FA with proof, admin reset with a temporary code, and erasure.
 */
public final class AccountLifecycle {
  /** 16 Crockford characters: 80 bits, typed as xxxx-xxxx-xxxx-xxxx. */
  public static final int TEMPORARY_CODE_LENGTH = 16;

  private static final String TEMPORARY_CODE_PURPOSE = "temporary-code";
  private static final String PSEUDONYM_PURPOSE = "deleted-user";

  /**
   * How old a vouched re-authentication may be. The caller's word stands for "the user just proved
   * it"; an older one is a session's age, which a stolen session would also have.
   */
  public static final Duration REAUTHENTICATION_MAX_AGE = Duration.ofMinutes(5);

  /**
   * How far in the future a vouched re-authentication may lie: clock skew between the login server
   * and the sidecar, usually on the same host. More is a caller bug, not skew.
   */
  public static final Duration REAUTHENTICATION_MAX_SKEW = Duration.ofSeconds(30);

  private final LifecycleStore store;
  private final EventLog events;
  private final TotpVerifier totp;
  private final RecoveryCodes recovery;
  private final WebAuthnCeremonies webauthn;
  private final KeyedHasher hasher;
  private final AttemptGuard guard;
  private final AccountPolicy policy;
  private final Clock clock;

  public AccountLifecycle(
      LifecycleStore store,
      EventLog events,
      TotpVerifier totp,
      RecoveryCodes recovery,
      WebAuthnCeremonies webauthn,
      KeyedHasher hasher,
      AttemptGuard guard,
      AccountPolicy policy,
      Clock clock) {
    this.store = store;
    this.events = events;
    this.totp = totp;
    this.recovery = recovery;
    this.webauthn = webauthn;
    this.hasher = hasher;
    this.guard = guard;
    this.policy = policy;
    this.clock = clock;
  }

  /** Checks whatever the user typed, as the kind its shape gives it ({@link TypedCode#of}). */
  public CodeOutcome verifyCode(String userId, TypedCode typed) {
    String code = typed.code();
    return switch (typed.kind()) {
      case TOTP -> {
        VerifyOutcome outcome = totp.verify(userId, code);
        yield new CodeOutcome(
            outcome.verdict(), typed.kind(), outcome.factorId(), outcome.retryAfter(), 0);
      }
      case RECOVERY_CODES -> {
        RecoveryOutcome outcome = recovery.verify(userId, code);
        yield new CodeOutcome(
            outcome.verdict(),
            typed.kind(),
            Optional.empty(),
            outcome.retryAfter(),
            outcome.remaining());
      }
      case TEMPORARY_CODE -> verifyTemporaryCode(userId, code);
      case WEBAUTHN -> throw new IllegalArgumentException("not a typed code: " + typed.kind());
    };
  }

  /**
   * Disables 2FA given a proof the policy accepts and the calling service may present (else
   * PERMISSION_DENIED, before the proof is looked at); every factor, code and device goes.
   */
  public DisableOutcome disable(String userId, DisablingProof proof) {
    requireAllowed(proof.kind(), proof.field());
    return switch (proof) {
      case TotpCode p -> disableWithTotp(userId, p.code());
      case RecoveryCodeSet p -> disableWithRecoveryCodes(userId, p.codes());
      case Admin p -> {
        store.wipe(userId, Optional.empty(), clock.instant(), disabledEvent(userId, "admin"));
        yield new DisableOutcome(Verdict.ACCEPTED, Optional.empty());
      }
      case WebAuthnAssertion p -> disableWithWebAuthn(userId, p.ceremonyId(), p.credentialJson());
      case Reauthenticated p ->
          disableWithReauthentication(userId, p.method(), p.authenticatedAt());
    };
  }

  /** Admin reset: everything goes; a temporary code lets the user in once to enroll again. */
  public IssuedTemporaryCode reset(String userId, String requestedBy, String reason) {
    String code = RandomCodes.generate(TEMPORARY_CODE_LENGTH);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(policy.temporaryCodeTtl());
    store.wipe(
        userId,
        Optional.of(new TemporaryCode(hasher.hash(TEMPORARY_CODE_PURPOSE, code), expiresAt)),
        now,
        EventDraft.of(
            userId,
            EventType.USER_RESET,
            Map.of(
                "requested_by",
                requestedBy,
                "reason",
                reason,
                "expires_at",
                expiresAt.toString())));
    return new IssuedTemporaryCode(RandomCodes.display(code, 4), expiresAt);
  }

  private DisableOutcome disableWithTotp(String userId, String code) {
    VerifyOutcome outcome = totp.verify(userId, code);
    if (outcome.verdict() == Verdict.ACCEPTED) {
      store.wipe(userId, Optional.empty(), clock.instant(), disabledEvent(userId, "totp_code"));
    }
    return new DisableOutcome(outcome.verdict(), outcome.retryAfter());
  }

  /** The policy's number of distinct unused recovery codes, all consumed. */
  private DisableOutcome disableWithRecoveryCodes(String userId, List<String> codes) {
    Set<String> distinct = new LinkedHashSet<>(codes);
    if (distinct.size() != codes.size() || distinct.size() < policy.disableRecoveryCodes()) {
      throw new InvalidArgumentException(
          "proof.recovery_codes",
          "needs " + policy.disableRecoveryCodes() + " distinct codes, got " + distinct.size());
    }
    Optional<Lockout> lockout = guard.charge(userId);
    if (lockout.isPresent()) {
      return new DisableOutcome(Verdict.LOCKED_OUT, lockout.get().retryAfter());
    }
    boolean done =
        store.wipeWithRecoveryCodes(
            userId,
            distinct.stream().map(c -> hasher.candidates(RecoveryCodes.HASH_PURPOSE, c)).toList(),
            clock.instant(),
            disabledEvent(userId, "recovery_codes"));
    if (!done) {
      events.record(
          VerifyEvents.outcome(
              userId, Verdict.REJECTED, FactorType.RECOVERY_CODES, Map.of("for", "disable")),
          clock.instant());
      return new DisableOutcome(Verdict.REJECTED, Optional.empty());
    }
    guard.succeeded(userId);
    return new DisableOutcome(Verdict.ACCEPTED, Optional.empty());
  }

  /**
   * A fresh WebAuthn assertion by one of the user's credentials, verified as FinishAuthentication
   * verifies it (the ceremony's own user-verification requirement applies, the ceremony is
   * consumed, the counter decision is the database's).
   */
  private DisableOutcome disableWithWebAuthn(
      String userId, UUID ceremonyId, String credentialJson) {
    Authentication outcome;
    try {
      outcome = webauthn.finishAuthenticationOf(userId, ceremonyId, credentialJson);
    } catch (InvalidArgumentException e) {
      // The ceremony code names its own request's fields; here they sit inside the proof.
      throw new InvalidArgumentException(
          "proof.webauthn." + e.field(), e.getMessage().substring(e.field().length() + 2));
    } catch (NotFoundException e) {
      throw new NotFoundException("proof.webauthn.ceremony_id", "ceremony");
    }
    if (outcome.verdict() != Verdict.ACCEPTED) {
      return new DisableOutcome(outcome.verdict(), Optional.empty(), outcome.reason());
    }
    store.wipe(
        userId,
        Optional.empty(),
        clock.instant(),
        disabledEvent(userId, "webauthn")
            .with("factor_id", outcome.factorId().orElseThrow().toString())
            .with("user_verified", Boolean.toString(outcome.userVerified())));
    return new DisableOutcome(Verdict.ACCEPTED, Optional.empty());
  }

  /**
   * A vouching caller's word that it re-authenticated the user at {@code authenticatedAt} by {@code
   * method}. EXPIRED, with nothing changed, when that is more than {@link
   * #REAUTHENTICATION_MAX_AGE} ago.
   */
  private DisableOutcome disableWithReauthentication(
      String userId, String method, Instant authenticatedAt) {
    Instant now = clock.instant();
    if (authenticatedAt.isAfter(now.plus(REAUTHENTICATION_MAX_SKEW))) {
      throw new InvalidArgumentException(
          "proof.reauthenticated.authenticated_at",
          "is in the future (more than " + REAUTHENTICATION_MAX_SKEW.toSeconds() + " s ahead)");
    }
    if (authenticatedAt.isBefore(now.minus(REAUTHENTICATION_MAX_AGE))) {
      events.record(
          VerifyEvents.reauthenticationOutcome(
              userId, Verdict.EXPIRED, Map.of("for", "disable", "method", method)),
          now);
      return new DisableOutcome(
          Verdict.EXPIRED,
          Optional.empty(),
          "authenticated_at: older than " + REAUTHENTICATION_MAX_AGE.toMinutes() + " minutes");
    }
    store.wipe(
        userId,
        Optional.empty(),
        now,
        disabledEvent(userId, "reauthentication")
            .with("method", method)
            .with("authenticated_at", authenticatedAt.toString()));
    return new DisableOutcome(Verdict.ACCEPTED, Optional.empty());
  }

  /**
   * Erases every row about the user. The trail keeps one USER_DELETED event under a keyed-hash
   * pseudonym, so the deletion is on record without the id.
   */
  public void delete(String userId) {
    String pseudonym =
        "deleted:"
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(hasher.hash(PSEUDONYM_PURPOSE, userId).hash())
                .substring(0, 22);
    store.erase(userId, EventDraft.of(pseudonym, EventType.USER_DELETED), clock.instant());
  }

  private CodeOutcome verifyTemporaryCode(String userId, String code) {
    if (!store.hasTemporaryCode(userId)) {
      // Nothing to guess and nothing to audit: no charge, no row, no event (made-up user ids must
      // not grow the database).
      return new CodeOutcome(
          Verdict.NOT_ENROLLED, FactorType.TEMPORARY_CODE, Optional.empty(), Optional.empty(), 0);
    }
    Optional<Lockout> lockout = guard.charge(userId);
    Verdict verdict;
    if (lockout.isPresent()) {
      verdict = Verdict.LOCKED_OUT;
    } else {
      TemporaryCodeCheck check =
          store.consumeTemporaryCode(
              userId,
              hasher.candidates(TEMPORARY_CODE_PURPOSE, code),
              clock.instant(),
              VerifyEvents.outcome(userId, Verdict.ACCEPTED, FactorType.TEMPORARY_CODE, Map.of()));
      verdict =
          switch (check) {
            case ACCEPTED -> Verdict.ACCEPTED;
            case USED -> Verdict.REPLAYED;
            case EXPIRED -> Verdict.EXPIRED;
            case NO_MATCH -> Verdict.REJECTED;
          };
    }
    if (verdict == Verdict.ACCEPTED) {
      guard.succeeded(userId);
    } else if (verdict != Verdict.LOCKED_OUT) {
      events.record(
          VerifyEvents.outcome(userId, verdict, FactorType.TEMPORARY_CODE, Map.of()),
          clock.instant());
    }
    return new CodeOutcome(
        verdict,
        FactorType.TEMPORARY_CODE,
        Optional.empty(),
        lockout.flatMap(Lockout::retryAfter),
        0);
  }

  /** The policy accepts this proof, and the calling service may present it. */
  private void requireAllowed(DisableProofKind kind, String field) {
    if (!policy.disableProofs().contains(kind)) {
      throw new PermissionDeniedException(
          field, "this proof is not accepted by AUTHSIDECAR_DISABLE_PROOF");
    }
    Caller caller = Caller.current();
    if (!caller.may(kind.callerNeeds())) {
      throw new PermissionDeniedException(
          field,
          "caller '"
              + caller.name()
              + "' lacks the "
              + kind.callerNeeds().configName()
              + " permission this proof needs");
    }
  }

  private static EventDraft disabledEvent(String userId, String proof) {
    return EventDraft.of(userId, EventType.TWO_FACTOR_DISABLED, Map.of("proof", proof));
  }

  /** An admin reset's code as shown once, and when it stops working. */
  public record IssuedTemporaryCode(String code, Instant expiresAt) {}

  /**
   * The verdict on a disable proof; retryAfter only for LOCKED_OUT, reason (empty otherwise) for a
   * refused WebAuthn or re-authentication proof.
   */
  public record DisableOutcome(Verdict verdict, Optional<Duration> retryAfter, String reason) {
    public DisableOutcome(Verdict verdict, Optional<Duration> retryAfter) {
      this(verdict, retryAfter, "");
    }
  }
}
