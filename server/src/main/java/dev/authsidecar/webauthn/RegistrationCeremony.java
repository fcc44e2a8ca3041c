package dev.authsidecar.webauthn;

import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.verifier.exception.ConstraintViolationException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Registration;
import dev.authsidecar.webauthn.WebAuthnOutcomes.RegistrationRequest;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Started;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * WebAuthn L3 §7.1, registering a new credential; see {@link WebAuthnCeremonies} for who does which
 * step.
 */
final class RegistrationCeremony {
  private final CeremonyParts parts;
  private final RegistrationPolicy policy;

  RegistrationCeremony(CeremonyParts parts, RegistrationPolicy policy) {
    this.parts = parts;
    this.policy = policy;
  }

  /** §7.1 step 1: the options, with a fresh challenge and the user's credentials excluded. */
  Started start(RegistrationRequest request) {
    WebAuthnStore store = parts.store();
    Instant now = parts.clock().instant();
    String handle = store.userHandle(request.userId(), now);
    AttestationConveyancePreference attestation = policy.conveyance(request.attestation());
    Ceremony ceremony =
        parts
            .state()
            .begin(
                Ceremony.Kind.REGISTRATION,
                Optional.of(request.userId()),
                request.userVerification(),
                !attestation.equals(AttestationConveyancePreference.NONE),
                now);
    String json =
        parts
            .options()
            .creation(
                ceremony,
                handle,
                request.userName(),
                request.displayName(),
                request.residentKey(),
                request.attachment(),
                attestation,
                store.credentials(request.userId()));
    store.addRegistration(
        ceremony,
        RelyingParty.MAX_CREDENTIALS_PER_USER,
        RelyingParty.MAX_PENDING_REGISTRATIONS_PER_USER);
    return new Started(ceremony.id(), json, ceremony.expiresAt());
  }

  Registration finish(UUID ceremonyId, String json, String label) {
    // Everything about the input is checked before the ceremony is spent (§7.1 steps 3 to 6, 12).
    RegistrationData data = parts.json().readRegistration(json);
    CeremonyState ceremonies = parts.state();
    Ceremony ceremony = ceremonies.open(ceremonyId, Ceremony.Kind.REGISTRATION);
    Optional<Verdict> spent = ceremonies.consume(ceremony);
    if (spent.isPresent()) {
      return Registration.refused(spent.get(), CeremonyState.spentReason(spent.get()));
    }
    String userId = ceremony.userId().orElseThrow();
    Registration outcome = register(ceremony, userId, data, label);
    if (outcome.verdict() != Verdict.ACCEPTED) {
      parts
          .events()
          .record(
              VerifyEvents.outcome(
                      userId,
                      outcome.verdict(),
                      FactorType.WEBAUTHN,
                      Map.of("reason", outcome.reason()))
                  .with("ceremony", "registration"),
              parts.clock().instant());
    }
    return outcome;
  }

  private Registration register(
      Ceremony ceremony, String userId, RegistrationData data, String label) {
    // WebAuthn L3 §7.1 step 24, ahead of webauthn4j so the reason is ours.
    Optional<String> untrusted = policy.refuseAttestation(data.getAttestationObject());
    if (untrusted.isPresent()) {
      return Registration.refused(Verdict.REJECTED, untrusted.get());
    }
    // WebAuthn L3 §7.1 steps 7 to 9, 11, 13 to 16, 19, 21 to 25: webauthn4j.
    boolean uvRequired = ceremony.userVerification() == Ceremony.Requirement.REQUIRED;
    try {
      policy
          .verifier(ceremony)
          .verify(
              data,
              new RegistrationParameters(
                  parts.state().serverProperty(ceremony),
                  WebAuthnOptions.ALGORITHMS,
                  uvRequired,
                  true));
    } catch (ConstraintViolationException e) {
      throw CredentialJson.undecodable("a required value is missing", e);
    } catch (VerificationException e) {
      return Registration.refused(Verdict.REJECTED, Refusals.reason(e));
    }
    AuthenticatorData<?> authenticatorData = data.getAttestationObject().getAuthenticatorData();
    // WebAuthn L3 §7.1 step 17 and the AAGUID lists.
    Optional<String> refused = policy.refuseAuthenticator(authenticatorData);
    if (refused.isPresent()) {
      return Registration.refused(Verdict.REJECTED, refused.get());
    }
    return store(userId, data, label);
  }

  /**
   * WebAuthn L3 §7.1 steps 26 and 27: a new credential record for the user, unless its id is
   * registered already (to anyone).
   */
  private Registration store(String userId, RegistrationData data, String label) {
    WebAuthnStore store = parts.store();
    Instant now = parts.clock().instant();
    StoredCredential credential =
        parts.records().newCredential(userId, store.userHandle(userId, now), data);
    EventDraft enrolled =
        EventDraft.of(
            userId,
            EventType.FACTOR_ENROLLED,
            Map.of(
                "factor_id", credential.factorId().toString(),
                "factor_type", FactorType.WEBAUTHN.name(),
                "aaguid", credential.aaguid().toString(),
                "attestation_format", credential.attestationFormat()));
    // The cap is checked again where the credential is stored: ceremonies started below it may
    // finish together, on any replica. Past it, RESOURCE_EXHAUSTED; the ceremony stays spent.
    if (!store.addCredential(
        credential, label, now, enrolled, RelyingParty.MAX_CREDENTIALS_PER_USER)) {
      return Registration.refused(Verdict.REJECTED, "credential: already registered");
    }
    FactorInfo factor =
        new FactorInfo(
            credential.factorId(),
            FactorType.WEBAUTHN,
            label,
            now,
            Optional.empty(),
            Optional.empty());
    return new Registration(Verdict.ACCEPTED, Optional.of(factor), "");
  }
}
