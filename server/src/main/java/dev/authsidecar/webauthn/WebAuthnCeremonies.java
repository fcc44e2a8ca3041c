package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.CertificateBaseAttestationStatement;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.ConstraintViolationException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.VerifyEvents;
import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Authentication;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Registration;
import dev.authsidecar.webauthn.WebAuthnOutcomes.RegistrationRequest;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Started;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * README, Flows, 3 (security keys and passkeys): WebAuthn registration (L3 §7.1) and authentication
 * (L3 §7.2). webauthn4j verifies the client data, authenticator data, signatures and attestation;
 * this class owns the ceremony state, the relying-party policy and the database decisions.
 */
public final class WebAuthnCeremonies {
  private static final int CHALLENGE_BYTES = 32;

  private static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

  private final WebAuthnStore store;
  private final EventLog events;
  private final RelyingParty rp;
  private final WebAuthnVerifiers verifiers;
  private final WebAuthnOptions options;
  private final CredentialJson credentialJson;
  private final AttestedCredentialDataConverter credentialDataConverter;
  private final Set<Origin> origins;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public WebAuthnCeremonies(WebAuthnStore store, EventLog events, RelyingParty rp, Clock clock) {
    ObjectConverter converter = new ObjectConverter();
    this.store = store;
    this.events = events;
    this.rp = rp;
    this.verifiers = new WebAuthnVerifiers(rp, converter);
    this.options = new WebAuthnOptions(converter.getJsonMapper(), rp);
    this.credentialJson = new CredentialJson(converter.getJsonMapper());
    this.credentialDataConverter = new AttestedCredentialDataConverter(converter);
    this.origins = rp.origins().stream().map(Origin::new).collect(Collectors.toSet());
    this.clock = clock;
  }

  public Started startRegistration(RegistrationRequest request) {
    Instant now = clock.instant();
    String handle = store.userHandle(request.userId(), now);
    String attestation = attestationConveyance(request.attestation());
    Ceremony ceremony =
        newCeremony(
            Ceremony.Kind.REGISTRATION,
            Optional.of(request.userId()),
            request.userVerification(),
            !attestation.equals("none"),
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

  public Registration finishRegistration(UUID ceremonyId, String credentialJson, String label) {
    // Everything about the input is checked before the ceremony is spent.
    this.credentialJson.checkRegistration(credentialJson);
    RegistrationData data = parse(credentialJson, verifiers.none()::parseRegistrationResponseJSON);
    Ceremony ceremony = openCeremony(ceremonyId, Ceremony.Kind.REGISTRATION);
    Optional<Verdict> spent = consume(ceremony);
    if (spent.isPresent()) {
      return Registration.refused(spent.get(), "ceremony_id: " + spent.get().name().toLowerCase());
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

  public Started startAuthentication(
      Optional<String> userId, Ceremony.Requirement userVerification) {
    Instant now = clock.instant();
    List<StoredCredential> allow = userId.map(store::credentials).orElse(List.of());
    if (userId.isPresent() && allow.isEmpty()) {
      throw new NotFoundException("user_id", "WebAuthn credential for this user");
    }
    Ceremony ceremony =
        newCeremony(Ceremony.Kind.AUTHENTICATION, userId, userVerification, false, now);
    String json = options.request(ceremony, allow);
    store.addCeremony(ceremony);
    return new Started(ceremony.id(), json, ceremony.expiresAt());
  }

  public Authentication finishAuthentication(UUID ceremonyId, String credentialJson) {
    return finish(ceremonyId, credentialJson, Optional.empty());
  }

  /**
   * Finishes an authentication that must prove {@code userId}, as a step-up proof (e.g. to disable
   * 2FA): verified exactly as {@link #finishAuthentication}, and refused (REJECTED) when the
   * ceremony was started for another user or the credential belongs to another user. A ceremony
   * started for another user is left unspent; in every other case the ceremony is consumed.
   */
  public Authentication finishAuthenticationOf(
      String userId, UUID ceremonyId, String credentialJson) {
    return finish(ceremonyId, credentialJson, Optional.of(userId));
  }

  private Authentication finish(UUID ceremonyId, String credentialJson, Optional<String> forUser) {
    this.credentialJson.checkAuthentication(credentialJson);
    AuthenticationData data =
        parse(credentialJson, verifiers.none()::parseAuthenticationResponseJSON);
    Ceremony ceremony = openCeremony(ceremonyId, Ceremony.Kind.AUTHENTICATION);
    if (forUser.isPresent()
        && ceremony.userId().isPresent()
        && !ceremony.userId().equals(forUser)) {
      // Checked before consuming: someone else's sign-in in progress is not spent by this.
      return refusedFor(forUser.get(), "ceremony_id: started for another user");
    }
    Optional<Verdict> spent = consume(ceremony);
    if (spent.isPresent()) {
      return Authentication.refused(
          spent.get(), "ceremony_id: " + spent.get().name().toLowerCase());
    }
    Optional<StoredCredential> credential =
        Optional.ofNullable(data.getCredentialId())
            .flatMap(id -> store.credential(WebAuthnOptions.b64(id)));
    if (forUser.isPresent()
        && credential.isPresent()
        && !credential.get().userId().equals(forUser.get())) {
      // Refused before verification, so the other user's counter and trail stay untouched.
      return refusedFor(forUser.get(), "credential: belongs to another user");
    }
    Authentication outcome = authenticate(ceremony, data, credential);
    if (outcome.verdict() != Verdict.ACCEPTED) {
      // The event goes to the credential's owner when known, so the user can be told.
      String owner =
          credential
              .map(StoredCredential::userId)
              .or(ceremony::userId)
              .or(() -> forUser)
              .orElse("unknown");
      events.record(
          VerifyEvents.outcome(
              owner, outcome.verdict(), "WEBAUTHN", Map.of("reason", outcome.reason())),
          clock.instant());
    }
    return outcome;
  }

  private Authentication refusedFor(String userId, String reason) {
    Authentication outcome = Authentication.refused(Verdict.REJECTED, reason);
    events.record(
        VerifyEvents.outcome(userId, outcome.verdict(), "WEBAUTHN", Map.of("reason", reason)),
        clock.instant());
    return outcome;
  }

  public int purgeExpired(Instant cutoff) {
    return store.purgeCeremonies(cutoff);
  }

  /**
   * The attestation conveyance the options ask for (WebAuthn L3 §5.4.7). With an attestation policy
   * "none" and "indirect" become "direct": "none" would strip the statement and "indirect" lets the
   * client replace it with an anonymized one that need not chain to the configured roots.
   */
  private String attestationConveyance(String requested) {
    if (verifiers.attestationRequired()
        && (requested.equals("none") || requested.equals("indirect"))) {
      return "direct";
    }
    return requested;
  }

  private Registration register(
      Ceremony ceremony, String userId, RegistrationData data, String label) {
    // The policy in force now decides, also for a ceremony started before it was configured.
    boolean attestationRequired = verifiers.attestationRequired();
    WebAuthnManager manager =
        ceremony.attested() || attestationRequired ? verifiers.attested() : verifiers.none();
    // WebAuthn L3 §7.1 step 23: "none" and self attestation prove nothing about the model, so a
    // relying party with an attestation policy refuses them. The attested manager refuses them
    // too; this names the reason and does not depend on the library's list of formats.
    if (attestationRequired && !chainedAttestation(data)) {
      return Registration.refused(
          Verdict.REJECTED,
          "attestation: this relying party requires an attestation chaining to a trusted root");
    }
    boolean uvRequired = ceremony.userVerification() == Ceremony.Requirement.REQUIRED;
    try {
      manager.verify(
          data, new RegistrationParameters(serverProperty(ceremony), ALGORITHMS, uvRequired, true));
    } catch (ConstraintViolationException e) {
      throw CredentialJson.undecodable("a required value is missing", e);
    } catch (VerificationException e) {
      return Registration.refused(Verdict.REJECTED, Refusals.reason(e));
    }
    AuthenticatorData<?> authenticatorData = data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData credentialData = authenticatorData.getAttestedCredentialData();
    // The AAGUID is the authenticator's claim. With an attestation policy the statement verified
    // above chained to a trusted root over this authenticator data (L3 §7.1 steps 21 to 23), so
    // the claim is attested and the allow list holds. Without a policy only the deny list applies,
    // as a best-effort filter: an authenticator that lies about its model passes it, which is why
    // a deny list alone does not force attestation (no allow list can be set without roots).
    UUID aaguid = credentialData.getAaguid().getValue();
    if (rp.aaguidDeny().contains(aaguid)
        || (!rp.aaguidAllow().isEmpty() && !rp.aaguidAllow().contains(aaguid))) {
      return Registration.refused(
          Verdict.REJECTED, "aaguid: this authenticator model is not allowed");
    }
    if (rp.refuseBackupEligible() && authenticatorData.isFlagBE()) {
      return Registration.refused(
          Verdict.REJECTED, "backup_eligible: synced credentials are not accepted here");
    }
    Instant now = clock.instant();
    StoredCredential credential =
        new StoredCredential(
            UUID.randomUUID(),
            userId,
            WebAuthnOptions.b64(credentialData.getCredentialId()),
            store.userHandle(userId, now),
            credentialDataConverter.convert(credentialData),
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

  /** A statement with a certificate chain (basic, AttCA or AnonCA), not "none" or self. */
  private static boolean chainedAttestation(RegistrationData data) {
    return data.getAttestationObject().getAttestationStatement()
            instanceof CertificateBaseAttestationStatement statement
        && statement.getX5c() != null
        && !statement.getX5c().isEmpty();
  }

  private Authentication authenticate(
      Ceremony ceremony, AuthenticationData data, Optional<StoredCredential> found) {
    if (found.isEmpty()) {
      return Authentication.refused(Verdict.REJECTED, "credential: not registered here");
    }
    StoredCredential credential = found.get();
    // L3 §7.2 step 6: the credential must belong to the user being authenticated; in the
    // discoverable flow that user is the one the user handle names.
    if (ceremony.userId().isPresent() && !ceremony.userId().get().equals(credential.userId())) {
      return Authentication.refused(Verdict.REJECTED, "credential: belongs to another user");
    }
    if (ceremony.userId().isEmpty()
        && (data.getUserHandle() == null
            || !WebAuthnOptions.b64(data.getUserHandle()).equals(credential.userHandle()))) {
      return Authentication.refused(
          Verdict.REJECTED, "user_handle: does not match the credential's user");
    }
    AttestedCredentialData credentialData =
        credentialDataConverter.convert(credential.attestedCredentialData());
    CredentialRecordImpl record =
        new CredentialRecordImpl(
            new NoneAttestationStatement(),
            credential.uvInitialized(),
            credential.backupEligible(),
            credential.backupState(),
            credential.signCount(),
            credentialData,
            null,
            null,
            null,
            credential.transports().stream()
                .map(AuthenticatorTransport::create)
                .collect(Collectors.toSet()));
    boolean uvRequired = ceremony.userVerification() == Ceremony.Requirement.REQUIRED;
    List<byte[]> allowed =
        ceremony.userId().isPresent() ? List.of(credentialData.getCredentialId()) : null;
    try {
      verifiers
          .none()
          .verify(
              data,
              new AuthenticationParameters(
                  serverProperty(ceremony), record, allowed, uvRequired, true));
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
            "WEBAUTHN",
            Map.of(
                "factor_id", credential.factorId().toString(),
                "user_verified", Boolean.toString(userVerified)));
    // The counter decision is the database's, so two replicas cannot both accept a cloned
    // authenticator's assertions with the same counter.
    if (!store.recordAssertion(
        credential.factorId(),
        authenticatorData.getSignCount(),
        authenticatorData.isFlagBS(),
        clock.instant(),
        accepted)) {
      return Authentication.refused(
          Verdict.REJECTED, "sign_count: did not increase; the authenticator may be cloned");
    }
    return new Authentication(
        Verdict.ACCEPTED,
        Optional.of(credential.userId()),
        Optional.of(credential.factorId()),
        userVerified,
        "");
  }

  private Ceremony newCeremony(
      Ceremony.Kind kind,
      Optional<String> userId,
      Ceremony.Requirement userVerification,
      boolean attested,
      Instant now) {
    byte[] challenge = new byte[CHALLENGE_BYTES];
    random.nextBytes(challenge);
    return new Ceremony(
        UUID.randomUUID(),
        kind,
        userId,
        challenge,
        userVerification,
        attested,
        now,
        now.plus(rp.ceremonyTtl()),
        Optional.empty());
  }

  private Ceremony openCeremony(UUID id, Ceremony.Kind kind) {
    Ceremony ceremony =
        store.ceremony(id).orElseThrow(() -> new NotFoundException("ceremony_id", "ceremony"));
    if (ceremony.kind() != kind) {
      throw new InvalidArgumentException(
          "ceremony_id", "is a " + ceremony.kind().name().toLowerCase() + " ceremony");
    }
    return ceremony;
  }

  /** Spends the ceremony; a verdict when it was spent or expired already. */
  private Optional<Verdict> consume(Ceremony ceremony) {
    Instant now = clock.instant();
    if (store.consumeCeremony(ceremony.id(), now)) {
      return Optional.empty();
    }
    Ceremony current = store.ceremony(ceremony.id()).orElse(ceremony);
    return Optional.of(current.usedAt().isPresent() ? Verdict.REPLAYED : Verdict.EXPIRED);
  }

  private ServerProperty serverProperty(Ceremony ceremony) {
    return new ServerProperty(origins, rp.id(), new DefaultChallenge(ceremony.challenge()));
  }

  private static <T> T parse(String json, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(json);
    } catch (RuntimeException e) {
      // Truncated CBOR, client data that is not JSON, wrong types inside: webauthn4j's
      // DataConversionException and Jackson's exceptions all mean the same to the caller.
      throw CredentialJson.undecodable("response does not decode", e);
    }
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
