package dev.authsidecar.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.webauthn4j.test.TestAttestationUtil;
import com.webauthn4j.test.authenticator.AuthenticatorAdaptor;
import com.webauthn4j.test.authenticator.webauthn.AndroidKeyAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.TPMAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnModelAuthenticator;
import dev.authsidecar.api.v1.AttestationConveyance;
import dev.authsidecar.api.v1.FactorType;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.FinishAuthenticationResponse;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.FinishRegistrationResponse;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.StartAuthenticationResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.UserVerificationRequirement;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.AttestationRoots;
import dev.authsidecar.testing.EmulatedBrowser;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebAuthn ceremonies against emulated authenticators (webauthn4j-test): every accepted attestation
 * format, and each refusal with the reason a caller reads.
 */
public abstract class WebAuthnScenarioContract extends SidecarTestBase {
  static final String ORIGIN = "http://localhost:8080";
  static final String USER = "alice";

  @Test
  void registerAndAuthenticate_byUsername() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    FinishRegistrationResponse registered =
        register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    assertThat(registered.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    var status = sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(USER).build());
    assertThat(status.getFactorsList())
        .singleElement()
        .satisfies(f -> assertThat(f.getType()).isEqualTo(FactorType.FACTOR_TYPE_WEBAUTHN));

    FinishAuthenticationResponse signedIn = authenticate(sidecar, Optional.of(USER), browser);
    assertThat(signedIn.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(signedIn.getUserId()).isEqualTo(USER);
    assertThat(signedIn.getFactorId()).isEqualTo(registered.getFactor().getId());
  }

  @Test
  void authenticate_discoverableFlowFindsTheUserFromTheCredential() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    FinishAuthenticationResponse signedIn = authenticate(sidecar, Optional.empty(), browser);

    assertThat(signedIn.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(signedIn.getUserId()).isEqualTo(USER);
  }

  @Test
  void startRegistration_excludesTheUsersExistingCredentials() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    FinishRegistrationResponse first =
        register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    StartRegistrationResponse again =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    assertThat(first.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(again.getOptionsJson())
        .contains("\"excludeCredentials\":[{\"type\":\"public-key\",\"id\":\"");
  }

  @ParameterizedTest(name = "{0}")
  // fido-u2f is verified by the same code path, but webauthn4j-test 0.31.2's U2F emulator does
  // not run against webauthn4j-core 0.31.11 (NoSuchMethodError in ECUtil), so it has no scenario.
  @ValueSource(strings = {"packed", "tpm", "android-key"})
  void register_verifiesAttestationFormatChainingToTheConfiguredRoots(String format)
      throws Exception {
    try (TestSidecar attested =
        sidecarTrusting(
            TestAttestationUtil.load3tierTestRootCACertificate(),
            TestAttestationUtil.load2tierTestRootCACertificate())) {
      FinishRegistrationResponse registered =
          register(
              attested, USER, browser(format), AttestationConveyance.ATTESTATION_CONVEYANCE_DIRECT);

      assertThat(registered.getResult())
          .as(registered.getReason())
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
  }

  @Test
  void register_refusesAttestationFromAnUntrustedRoot() throws Exception {
    try (TestSidecar attested = sidecarTrusting(TestAttestationUtil.createV1DummyCertificate())) {
      FinishRegistrationResponse registered =
          register(
              attested,
              USER,
              browser("packed"),
              AttestationConveyance.ATTESTATION_CONVEYANCE_DIRECT);

      assertRejected(registered, "attestation:");
    }
  }

  @Test
  void register_trustsRootsOfCertifiedModelsFromAnMds3Blob() throws Exception {
    try (TestSidecar attested = sidecarWithMetadata("FIDO_CERTIFIED_L1")) {
      FinishRegistrationResponse registered =
          register(
              attested, USER, browser("tpm"), AttestationConveyance.ATTESTATION_CONVEYANCE_DIRECT);

      assertThat(registered.getResult())
          .as(registered.getReason())
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
  }

  @Test
  void register_refusesModelsTheMds3BlobMarksRevoked() throws Exception {
    try (TestSidecar attested = sidecarWithMetadata("REVOKED")) {
      FinishRegistrationResponse registered =
          register(
              attested, USER, browser("tpm"), AttestationConveyance.ATTESTATION_CONVEYANCE_DIRECT);

      assertThat(registered.getResult())
          .as(registered.toString())
          .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
      assertThat(registered.getReason()).startsWith("attestation:");
    }
  }

  @Test
  void register_refusesWrongOrigin() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    browser.moveTo("https://evil.example");

    FinishRegistrationResponse registered =
        register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    assertRejected(registered, "origin:");
  }

  @Test
  void register_refusesCredentialScopedToAnotherRpId() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    StartRegistrationResponse started =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    String credential =
        browser.create(
            started.getOptionsJson(),
            o -> {
              o.withObject("rp").put("id", "evil.example");
              return o;
            });

    FinishRegistrationResponse registered = finishRegistration(sidecar, started, credential);

    assertRejected(registered, "rp_id:");
  }

  @Test
  void register_refusesAnswerToAnotherCeremonysChallenge() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    StartRegistrationResponse mine =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    StartRegistrationResponse other =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    FinishRegistrationResponse registered =
        finishRegistration(sidecar, mine, browser.create(other.getOptionsJson()));

    assertRejected(registered, "challenge:");
  }

  @Test
  void register_ceremonyIsSingleUseAndExpires() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    StartRegistrationResponse started =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    String credential = browser.create(started.getOptionsJson());
    assertThat(finishRegistration(sidecar, started, credential).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    assertThat(finishRegistration(sidecar, started, credential).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);

    StartRegistrationResponse late =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    String lateCredential =
        browser(new NoneAttestationAuthenticator()).create(late.getOptionsJson());
    clock.advance(Duration.ofMinutes(5));
    assertThat(finishRegistration(sidecar, late, lateCredential).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_EXPIRED);
  }

  @Test
  void authenticate_refusesWithoutUserVerificationWhenRequired() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    StartAuthenticationResponse started =
        startAuthentication(
            sidecar, USER, UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_REQUIRED);
    String withoutUv = EmulatedBrowser.withoutUserVerified(browser.get(started.getOptionsJson()));
    FinishAuthenticationResponse answer = finishAuthentication(sidecar, started, withoutUv);

    assertRejected(answer, "user_verification:");
  }

  @Test
  void authenticate_refusesUnknownCredential() {
    EmulatedBrowser registered = browser(new NoneAttestationAuthenticator());
    register(sidecar, USER, registered, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    EmulatedBrowser stranger = browser(new NoneAttestationAuthenticator());
    register(sidecar, "mallory", stranger, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    sidecar
        .account()
        .removeFactor(
            RemoveFactorRequest.newBuilder()
                .setUserId("mallory")
                .setFactorId(
                    sidecar
                        .account()
                        .getStatus(GetStatusRequest.newBuilder().setUserId("mallory").build())
                        .getFactors(0)
                        .getId())
                .build());

    FinishAuthenticationResponse answer = authenticate(sidecar, Optional.empty(), stranger);

    assertRejected(answer, "credential:");
  }

  @Test
  void authenticate_refusesCredentialOfAnotherUser() {
    EmulatedBrowser alices = browser(new NoneAttestationAuthenticator());
    register(sidecar, USER, alices, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    EmulatedBrowser mallorys = browser(new NoneAttestationAuthenticator());
    register(sidecar, "mallory", mallorys, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    StartAuthenticationResponse started = startAuthentication(sidecar, USER);
    // Mallory's authenticator answers with her own credential, ignoring allowCredentials.
    String hers =
        mallorys.get(
            started.getOptionsJson(),
            o -> {
              o.remove("allowCredentials");
              return o;
            });
    FinishAuthenticationResponse answer = finishAuthentication(sidecar, started, hers);

    assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(answer.getReason()).isEqualTo("credential: belongs to another user");
  }

  @Test
  void authenticate_refusesSignatureCounterThatDoesNotIncrease() {
    NoneAttestationAuthenticator authenticator = new NoneAttestationAuthenticator();
    EmulatedBrowser browser = browser(authenticator);
    register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    assertThat(authenticate(sidecar, Optional.of(USER), browser).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    authenticator.setCountUpEnabled(false);

    FinishAuthenticationResponse cloned = authenticate(sidecar, Optional.of(USER), browser);

    assertRejected(cloned, "sign_count:");
  }

  @Test
  void authenticate_refusesRemovedCredentialAtOnce() {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    FinishRegistrationResponse registered =
        register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    sidecar
        .account()
        .removeFactor(
            RemoveFactorRequest.newBuilder()
                .setUserId(USER)
                .setFactorId(registered.getFactor().getId())
                .build());

    FinishAuthenticationResponse answer = authenticate(sidecar, Optional.empty(), browser);

    assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
  }

  @Test
  void authenticate_worksWhileTypedCodesAreLockedOut() {
    Enrolled totp = enroll(USER);
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verify(USER, totp.app().wrongCode());
    }
    assertThat(verify(USER, totp.app().codeAt(Duration.ofSeconds(30))).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    assertThat(authenticate(sidecar, Optional.of(USER), browser).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "not json",
        "{\"id\":1}",
        "{\"id\":\"AA\",\"rawId\":\"!!\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"***\",\"attestationObject\":\"AA\"}}",
        "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\",\"attestationObject\":\"o2NmbXRk\"}}",
        "[]"
      })
  void finishRegistration_malformedCredentialJsonIsInvalidArgument(String json) {
    StartRegistrationResponse started =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    assertInvalidCredentialJson(() -> finishRegistration(sidecar, started, json));
    // The ceremony was not spent on garbage: the real credential still registers.
    assertThat(
            finishRegistration(
                    sidecar,
                    started,
                    browser(new NoneAttestationAuthenticator()).create(started.getOptionsJson()))
                .getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void finishAuthentication_malformedOrHugeCredentialJsonIsInvalidArgument() {
    register(
        sidecar,
        USER,
        browser(new NoneAttestationAuthenticator()),
        AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    StartAuthenticationResponse started = startAuthentication(sidecar, USER);

    assertInvalidCredentialJson(
        () -> finishAuthentication(sidecar, started, "{\"id\":\"" + "A".repeat(70_000) + "\"}"));
    assertInvalidCredentialJson(
        () ->
            finishAuthentication(
                sidecar,
                started,
                "{\"type\":\"public-key\",\"response\":{\"authenticatorData\":42}}"));
    assertInvalidCredentialJson(() -> finishAuthentication(sidecar, started, ""));
  }

  @Test
  void finish_unknownCeremonyIsNotFound() {
    assertThatThrownBy(
            () ->
                sidecar
                    .webauthn()
                    .finishAuthentication(
                        FinishAuthenticationRequest.newBuilder()
                            .setCeremonyId(UUID.randomUUID().toString())
                            .setCredentialJson("{}")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT));
  }

  /** Refused (REJECTED), with a reason that starts with {@code reasonPrefix}, e.g. "origin:". */
  static void assertRejected(FinishRegistrationResponse answer, String reasonPrefix) {
    assertRejected(answer.getResult(), answer.getReason(), reasonPrefix);
  }

  /** Refused (REJECTED), with a reason that starts with {@code reasonPrefix}, e.g. "origin:". */
  static void assertRejected(FinishAuthenticationResponse answer, String reasonPrefix) {
    assertRejected(answer.getResult(), answer.getReason(), reasonPrefix);
  }

  private static void assertRejected(VerifyResult result, String reason, String reasonPrefix) {
    assertThat(result).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(reason).startsWith(reasonPrefix);
  }

  private static void assertInvalidCredentialJson(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("credential_json:");
            });
  }

  private TestSidecar sidecarTrusting(X509Certificate... roots) throws Exception {
    Path pem = AttestationRoots.pemFile(roots);
    RelyingParty rp =
        new RelyingParty(
            "localhost",
            "test",
            Set.of(ORIGIN),
            Duration.ofMinutes(5),
            Set.of(),
            Set.of(),
            false,
            Optional.of(pem),
            Optional.empty());
    return TestSidecar.start(TestSidecar.config(database.config()).withWebauthn(rp), clock);
  }

  /**
   * A sidecar whose only attestation roots come from an MDS3 BLOB listing the emulators' model
   * (AAGUID zero) with the given status.
   */
  private TestSidecar sidecarWithMetadata(String status) throws Exception {
    Path blob = AttestationRoots.mds3Blob(status);
    RelyingParty rp =
        new RelyingParty(
            "localhost",
            "test",
            Set.of(ORIGIN),
            Duration.ofMinutes(5),
            Set.of(),
            Set.of(),
            false,
            Optional.empty(),
            Optional.of(blob));
    return TestSidecar.start(TestSidecar.config(database.config()).withWebauthn(rp), clock);
  }

  static EmulatedBrowser browser(WebAuthnModelAuthenticator authenticator) {
    return new EmulatedBrowser(ORIGIN, new WebAuthnAuthenticatorAdaptor(authenticator));
  }

  static EmulatedBrowser browser(String format) {
    Supplier<AuthenticatorAdaptor> adaptor =
        switch (format) {
          case "packed" -> () -> new WebAuthnAuthenticatorAdaptor(new PackedAuthenticator());
          case "tpm" -> () -> new WebAuthnAuthenticatorAdaptor(new TPMAuthenticator());
          case "android-key" ->
              () -> new WebAuthnAuthenticatorAdaptor(new AndroidKeyAuthenticator());
          default -> throw new IllegalArgumentException(format);
        };
    return new EmulatedBrowser(ORIGIN, adaptor.get());
  }

  static StartRegistrationResponse startRegistration(
      TestSidecar on, String userId, AttestationConveyance attestation) {
    return on.webauthn()
        .startRegistration(
            StartRegistrationRequest.newBuilder()
                .setUserId(userId)
                .setAttestation(attestation)
                .build());
  }

  static FinishRegistrationResponse finishRegistration(
      TestSidecar on, StartRegistrationResponse started, String credential) {
    return on.webauthn()
        .finishRegistration(
            FinishRegistrationRequest.newBuilder()
                .setCeremonyId(started.getCeremonyId())
                .setCredentialJson(credential)
                .setLabel("Key")
                .build());
  }

  static FinishRegistrationResponse register(
      TestSidecar on, String userId, EmulatedBrowser browser, AttestationConveyance attestation) {
    StartRegistrationResponse started = startRegistration(on, userId, attestation);
    return finishRegistration(on, started, browser.create(started.getOptionsJson()));
  }

  static FinishAuthenticationResponse finishAuthentication(
      TestSidecar on, StartAuthenticationResponse started, String credential) {
    return on.webauthn()
        .finishAuthentication(
            FinishAuthenticationRequest.newBuilder()
                .setCeremonyId(started.getCeremonyId())
                .setCredentialJson(credential)
                .build());
  }

  /** An empty user id starts the discoverable (passkey) flow. */
  static StartAuthenticationResponse startAuthentication(TestSidecar on, String userId) {
    return startAuthentication(
        on, userId, UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_UNSPECIFIED);
  }

  static StartAuthenticationResponse startAuthentication(
      TestSidecar on, String userId, UserVerificationRequirement userVerification) {
    var request = StartAuthenticationRequest.newBuilder().setUserId(userId);
    return on.webauthn().startAuthentication(request.setUserVerification(userVerification).build());
  }

  static FinishAuthenticationResponse authenticate(
      TestSidecar on, Optional<String> userId, EmulatedBrowser browser) {
    StartAuthenticationResponse started = startAuthentication(on, userId.orElse(""));
    return finishAuthentication(on, started, browser.get(started.getOptionsJson()));
  }
}
