package dev.authsidecar.webauthn;

import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.verifier.exception.ConstraintViolationException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Registration;
import dev.authsidecar.webauthn.WebAuthnOutcomes.RegistrationRequest;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Started;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * WebAuthn L3 §7.1, registering a new credential; see {@link WebAuthnCeremonies} for who does which
 * step.
 */
final class RegistrationCeremony {
  private final WebAuthnStore store;
  private final EventLog events;
  private final CeremonyState ceremonies;
  private final RegistrationPolicy policy;
  private final WebAuthnVerifiers verifiers;
  private final WebAuthnOptions options;
  private final CredentialJson credentialJson;
  private final CredentialRecords records;
  private final Clock clock;

  RegistrationCeremony(
      WebAuthnStore store,
      EventLog events,
      CeremonyState ceremonies,
      RegistrationPolicy policy,
      WebAuthnVerifiers verifiers,
      WebAuthnOptions options,
      CredentialJson credentialJson,
      CredentialRecords records,
      Clock clock) {
    this.store = store;
    this.events = events;
    this.ceremonies = ceremonies;
    this.policy = policy;
    this.verifiers = verifiers;
    this.options = options;
    this.credentialJson = credentialJson;
    this.records = records;
    this.clock = clock;
  }

  /** §7.1 step 1: the options, with a fresh challenge and the user's credentials excluded. */
  Started start(RegistrationRequest request) {
    Instant now = clock.instant();
    String handle = store.userHandle(request.userId(), now);
    AttestationConveyancePreference attestation = policy.conveyance(request.attestation());
    Ceremony ceremony =
        ceremonies.begin(
            Ceremony.Kind.REGISTRATION,
            Optional.of(request.userId()),
            request.userVerification(),
            !attestation.equals(AttestationConveyancePreference.NONE),
            now);
    String json =
        options.creation(
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
    credentialJson.checkRegistration(json);
    RegistrationData data =
        CredentialJson.decode(json, verifiers.none()::parseRegistrationResponseJSON);
    Ceremony ceremony = ceremonies.open(ceremonyId, Ceremony.Kind.REGISTRATION);
    Optional<Verdict> spent = ceremonies.consume(ceremony);
    if (spent.isPresent()) {
      return Registration.refused(spent.get(), CeremonyState.spentReason(spent.get()));
    }
    String userId = ceremony.userId().orElseThrow();
    Registration outcome = register(ceremony, userId, data, label);
    if (outcome.verdict() != Verdict.ACCEPTED) {
      events.record(
          VerifyEvents.outcome(
                  userId, outcome.verdict(), "WEBAUTHN", Map.of("reason", outcome.reason()))
              .with("ceremony", "registration"),
          clock.instant());
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
                  ceremonies.serverProperty(ceremony),
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
    return store(userId, data, authenticatorData, label);
  }

  /**
   * WebAuthn L3 §7.1 steps 26 and 27: a new credential record for the user, unless its id is
   * registered already (to anyone).
   */
  private Registration store(
      String userId, RegistrationData data, AuthenticatorData<?> authenticatorData, String label) {
    AttestedCredentialData credentialData = authenticatorData.getAttestedCredentialData();
    UUID aaguid = credentialData.getAaguid().getValue();
    Instant now = clock.instant();
    StoredCredential credential =
        new StoredCredential(
            UUID.randomUUID(),
            userId,
            WebAuthnOptions.b64(credentialData.getCredentialId()),
            store.userHandle(userId, now),
            records.encode(credentialData),
            authenticatorData.getSignCount(),
            transports(data.getTransports()),
            aaguid,
            data.getAttestationObject().getFormat(),
            authenticatorData.isFlagBE(),
            authenticatorData.isFlagBS(),
            authenticatorData.isFlagUV());
    EventDraft enrolled =
        EventDraft.of(
            userId,
            EventType.FACTOR_ENROLLED,
            Map.of(
                "factor_id", credential.factorId().toString(),
                "factor_type", "WEBAUTHN",
                "aaguid", aaguid.toString(),
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

  private static Set<String> transports(Set<AuthenticatorTransport> transports) {
    if (transports == null) {
      return Set.of();
    }
    // Count and length were bounded by CredentialJson; unknown values are dropped here.
    return transports.stream()
        .map(AuthenticatorTransport::getValue)
        .filter(CredentialJson.KNOWN_TRANSPORTS::contains)
        .collect(Collectors.toCollection(HashSet::new));
  }
}
