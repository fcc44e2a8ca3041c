package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.verifier.exception.ConstraintViolationException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Authentication;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Started;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * WebAuthn L3 §7.2, verifying an authentication assertion; see {@link WebAuthnCeremonies} for who
 * does which step.
 */
final class AuthenticationCeremony {
  private final CeremonyParts parts;
  private final WebAuthnManager verifier;
  private final SignatureCounter counter;

  /**
   * @param verifier webauthn4j's checks of an assertion; attestation plays no part in them
   */
  AuthenticationCeremony(CeremonyParts parts, WebAuthnManager verifier) {
    this.parts = parts;
    this.verifier = verifier;
    this.counter = new SignatureCounter(parts.store());
  }

  /**
   * §7.2 step 1: the options, with a fresh challenge; allowCredentials lists the user's credentials
   * when the user is known, and is left out in the discoverable flow.
   */
  Started start(Optional<String> userId, Ceremony.Requirement userVerification) {
    WebAuthnStore store = parts.store();
    Instant now = parts.clock().instant();
    List<StoredCredential> allow = userId.map(store::credentials).orElse(List.of());
    if (userId.isPresent() && allow.isEmpty()) {
      throw new NotFoundException("user_id", "WebAuthn credential for this user");
    }
    Ceremony ceremony =
        parts.state().begin(Ceremony.Kind.AUTHENTICATION, userId, userVerification, false, now);
    String json = parts.options().request(ceremony, allow);
    store.addCeremony(ceremony);
    return new Started(ceremony.id(), json, ceremony.expiresAt());
  }

  /**
   * Finishes the ceremony; with {@code provingUser} present, as a step-up proof of that user (see
   * {@link WebAuthnCeremonies#finishAuthenticationOf}).
   */
  Authentication finish(UUID ceremonyId, String json, Optional<String> provingUser) {
    // Everything about the input is checked before the ceremony is spent (§7.2 steps 3, 7 to 9).
    AuthenticationData data = parts.json().readAuthentication(json);
    CeremonyState ceremonies = parts.state();
    Ceremony ceremony = ceremonies.open(ceremonyId, Ceremony.Kind.AUTHENTICATION);
    Optional<String> othersCeremony =
        CredentialOwnership.ceremonyOfAnotherUser(ceremony, provingUser);
    if (othersCeremony.isPresent()) {
      // Checked before consuming: someone else's sign-in in progress is not spent by this.
      return refusedFor(provingUser.get(), othersCeremony.get());
    }
    Optional<Verdict> spent = ceremonies.consume(ceremony);
    if (spent.isPresent()) {
      return Authentication.refused(spent.get(), CeremonyState.spentReason(spent.get()));
    }
    Optional<StoredCredential> credential =
        Optional.ofNullable(data.getCredentialId())
            .flatMap(id -> parts.store().credential(WebAuthnOptions.b64(id)));
    Optional<String> othersCredential =
        CredentialOwnership.credentialOfAnotherUser(credential, provingUser);
    if (othersCredential.isPresent()) {
      // Refused before verification, so the other user's counter and trail stay untouched.
      return refusedFor(provingUser.get(), othersCredential.get());
    }
    Authentication outcome = authenticate(ceremony, data, credential);
    if (outcome.verdict() != Verdict.ACCEPTED) {
      // The event goes to the credential's owner when known, so the user can be told.
      String owner =
          credential
              .map(StoredCredential::userId)
              .or(ceremony::userId)
              .or(() -> provingUser)
              .orElse("unknown");
      refused(owner, outcome);
    }
    return outcome;
  }

  private Authentication refusedFor(String userId, String reason) {
    return refused(userId, Authentication.refused(Verdict.REJECTED, reason));
  }

  /** Records the refusal in {@code userId}'s trail. */
  private Authentication refused(String userId, Authentication outcome) {
    parts
        .events()
        .record(
            VerifyEvents.outcome(
                userId, outcome.verdict(), FactorType.WEBAUTHN, Map.of("reason", outcome.reason())),
            parts.clock().instant());
    return outcome;
  }

  private Authentication authenticate(
      Ceremony ceremony, AuthenticationData data, Optional<StoredCredential> found) {
    // WebAuthn L3 §7.2 step 6: a credential record for the credential, of the right user.
    if (found.isEmpty()) {
      return Authentication.refused(Verdict.REJECTED, "credential: not registered here");
    }
    StoredCredential credential = found.get();
    Optional<String> notTheUsers =
        CredentialOwnership.notTheUsers(
            ceremony,
            credential,
            Optional.ofNullable(data.getUserHandle()).map(WebAuthnOptions::b64));
    if (notTheUsers.isPresent()) {
      return Authentication.refused(Verdict.REJECTED, notTheUsers.get());
    }
    CredentialRecord record = parts.records().of(credential);
    boolean uvRequired = ceremony.userVerification() == Ceremony.Requirement.REQUIRED;
    // WebAuthn L3 §7.2 step 5: the credential was offered, when the options listed any.
    List<byte[]> allowed =
        ceremony.userId().isPresent()
            ? List.of(record.getAttestedCredentialData().getCredentialId())
            : null;
    // WebAuthn L3 §7.2 steps 5, 10 to 12, 14 to 17, 20, 21 and 22 (against the stored counter):
    // webauthn4j.
    try {
      verifier.verify(
          data,
          new AuthenticationParameters(
              parts.state().serverProperty(ceremony), record, allowed, uvRequired, true));
    } catch (ConstraintViolationException e) {
      throw CredentialJson.undecodable("a required value is missing", e);
    } catch (VerificationException e) {
      return Authentication.refused(Verdict.REJECTED, Refusals.reason(e));
    }
    AuthenticatorData<?> authenticatorData = data.getAuthenticatorData();
    boolean userVerified = authenticatorData.isFlagUV();
    EventDraft accepted =
        VerifyEvents.outcome(
            credential.userId(),
            Verdict.ACCEPTED,
            FactorType.WEBAUTHN,
            Map.of(
                "factor_id", credential.factorId().toString(),
                "user_verified", Boolean.toString(userVerified)));
    // WebAuthn L3 §7.2 steps 22 and 24: the counter decision and the record's update, atomically.
    if (!counter.advance(credential, authenticatorData, parts.clock().instant(), accepted)) {
      return Authentication.refused(Verdict.REJECTED, SignatureCounter.REFUSAL);
    }
    return new Authentication(
        Verdict.ACCEPTED,
        Optional.of(credential.userId()),
        Optional.of(credential.factorId()),
        userVerified,
        "");
  }
}
