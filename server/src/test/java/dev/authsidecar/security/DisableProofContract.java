package dev.authsidecar.security;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import dev.authsidecar.account.AccountPolicy;
import dev.authsidecar.account.DisableProofKind;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.FinishAuthenticationResponse;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.FinishRegistrationResponse;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.ReauthenticationProof;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.StartAuthenticationResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.UserVerificationRequirement;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.api.v1.WebAuthnProof;
import dev.authsidecar.testing.EmulatedBrowser;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DisableTwoFactor with the proofs a login server gets from the user's security key (a fresh
 * WebAuthn assertion) or from its own re-authentication of the user (the reauthenticated proof of a
 * vouching caller).
 */
public abstract class DisableProofContract extends SidecarTestBase {
  private static final String ORIGIN = "http://localhost:8080";
  private static final String USER = "grace";
  private static final String OTHER = "linus";

  // WebAuthn: the user's only factor is a security key.

  @Test
  void disableTwoFactor_withWebAuthnAssertion_removesEverything() {
    EmulatedBrowser key = register(USER);
    generateCodes(USER);
    StartAuthenticationResponse started = startAuthentication(USER);

    DisableTwoFactorResponse disabled =
        disable(sidecar, USER, webauthn(started, key.get(started.getOptionsJson())));

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(disabled.getReason()).isEmpty();
    assertThat(disabled.getStatus().getEnrolled()).isFalse();
    assertThat(status(USER).getFactorsList()).isEmpty();
    assertThat(status(USER).getRecoveryCodesRemaining()).isZero();
    assertThat(disabledEvents(USER))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getDetailsMap()).containsEntry("proof", "webauthn");
              assertThat(e.getDetailsMap()).containsKeys("factor_id", "user_verified");
            });
  }

  @Test
  void disableTwoFactor_withDiscoverableAssertionOfTheUser_removesEverything() {
    EmulatedBrowser key = register(USER);
    StartAuthenticationResponse started = startAuthentication("");

    DisableTwoFactorResponse disabled =
        disable(sidecar, USER, webauthn(started, key.get(started.getOptionsJson())));

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(status(USER).getEnrolled()).isFalse();
  }

  @Test
  void disableTwoFactor_withCeremonyOfAnotherUser_isRejectedAndChangesNothing() {
    register(USER);
    EmulatedBrowser theirs = register(OTHER);
    StartAuthenticationResponse started = startAuthentication(OTHER);
    String assertion = theirs.get(started.getOptionsJson());

    DisableTwoFactorResponse refused = disable(sidecar, USER, webauthn(started, assertion));

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(refused.getReason()).startsWith("ceremony_id:");
    assertThat(status(USER).getFactorsList()).hasSize(1);
    assertThat(status(OTHER).getFactorsList()).hasSize(1);
    assertThat(disabledEvents(USER)).isEmpty();
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_VERIFY_REJECTED))
        .as("the user can be told someone tried")
        .hasSize(1);
    assertThat(finishAuthentication(started, assertion).getResult())
        .as("the other user's sign-in in progress was not spent")
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void disableTwoFactor_withDiscoverableAssertionOfAnotherUser_isRejectedAndChangesNothing() {
    register(USER);
    EmulatedBrowser theirs = register(OTHER);
    StartAuthenticationResponse started = startAuthentication("");
    String assertion = theirs.get(started.getOptionsJson());

    DisableTwoFactorResponse refused = disable(sidecar, USER, webauthn(started, assertion));

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(refused.getReason()).startsWith("credential:");
    assertThat(status(USER).getFactorsList()).hasSize(1);
    assertThat(status(OTHER).getFactorsList()).hasSize(1);
    assertThat(status(OTHER).getFactors(0).hasLastUsedAt())
        .as("the other user's credential was not used")
        .isFalse();
    assertThat(EventTrail.ofType(sidecar.events(), OTHER, EventType.EVENT_TYPE_VERIFY_ACCEPTED))
        .isEmpty();
    assertThat(disabledEvents(USER)).isEmpty();
    assertThat(disable(sidecar, USER, webauthn(started, assertion)).getResult())
        .as("the ceremony is spent all the same")
        .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  @Test
  void disableTwoFactor_withCeremonyAlreadyFinished_isReplayedAndChangesNothing() {
    EmulatedBrowser key = register(USER);
    StartAuthenticationResponse started = startAuthentication(USER);
    String assertion = key.get(started.getOptionsJson());
    assertThat(finishAuthentication(started, assertion).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    DisableTwoFactorResponse refused = disable(sidecar, USER, webauthn(started, assertion));

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(disabledEvents(USER)).isEmpty();
  }

  @Test
  void disableTwoFactor_withWebAuthnProofUsedTwice_isReplayedTheSecondTime() {
    EmulatedBrowser key = register(USER);
    StartAuthenticationResponse started = startAuthentication("");
    DisableProof proof = webauthn(started, key.get(started.getOptionsJson()));
    assertThat(disable(sidecar, USER, proof).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    register(USER);

    DisableTwoFactorResponse again = disable(sidecar, USER, proof);

    assertThat(again.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(status(USER).getFactorsList()).hasSize(1);
    assertThat(disabledEvents(USER)).hasSize(1);
  }

  @Test
  void disableTwoFactor_withWebAuthnProofOfTheUsersCeremonyUsedTwice_isNotFoundTheSecondTime() {
    EmulatedBrowser key = register(USER);
    StartAuthenticationResponse started = startAuthentication(USER);
    DisableProof proof = webauthn(started, key.get(started.getOptionsJson()));
    assertThat(disable(sidecar, USER, proof).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    register(USER);

    // Disabling erased the user's ceremonies with everything else that authenticates the user.
    assertStatus(
        () -> disable(sidecar, USER, proof), Status.Code.NOT_FOUND, "proof.webauthn.ceremony_id");
    assertThat(status(USER).getFactorsList()).hasSize(1);
  }

  @Test
  void disableTwoFactor_withoutUserVerificationTheCeremonyRequired_isRejected() {
    EmulatedBrowser key = register(USER);
    StartAuthenticationResponse started =
        sidecar
            .webauthn()
            .startAuthentication(
                StartAuthenticationRequest.newBuilder()
                    .setUserId(USER)
                    .setUserVerification(
                        UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_REQUIRED)
                    .build());
    String withoutUv = EmulatedBrowser.withoutUserVerified(key.get(started.getOptionsJson()));

    DisableTwoFactorResponse refused = disable(sidecar, USER, webauthn(started, withoutUv));

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(refused.getReason()).startsWith("user_verification:");
    assertThat(status(USER).getEnrolled()).isTrue();
  }

  @Test
  void disableTwoFactor_withWebAuthnProofThePolicyDoesNotName_isPermissionDenied()
      throws Exception {
    EmulatedBrowser key = register(USER);
    StartAuthenticationResponse started = startAuthentication(USER);
    String assertion = key.get(started.getOptionsJson());

    try (TestSidecar totpOnly = withProofs(DisableProofKind.TOTP)) {
      assertStatus(
          () -> disable(totpOnly, USER, webauthn(started, assertion)),
          Status.Code.PERMISSION_DENIED,
          "proof.webauthn");
    }

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(finishAuthentication(started, assertion).getResult())
        .as("the refused proof did not spend the ceremony")
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void disableTwoFactor_malformedWebAuthnProof_isInvalidArgumentNamingTheField() {
    EmulatedBrowser key = register(USER);
    StartAuthenticationResponse started = startAuthentication(USER);
    String assertion = key.get(started.getOptionsJson());
    String ceremony = started.getCeremonyId();

    assertInvalid(
        () -> disable(sidecar, USER, webauthn("", assertion)), "proof.webauthn.ceremony_id");
    assertInvalid(
        () -> disable(sidecar, USER, webauthn("not-a-uuid", assertion)),
        "proof.webauthn.ceremony_id");
    assertInvalid(
        () -> disable(sidecar, USER, webauthn(ceremony, "")), "proof.webauthn.credential_json");
    assertInvalid(
        () -> disable(sidecar, USER, webauthn(ceremony, "{\"id\":")),
        "proof.webauthn.credential_json");
    assertInvalid(
        () -> disable(sidecar, USER, webauthn(startRegistration(USER), assertion)),
        "proof.webauthn.ceremony_id");
    assertStatus(
        () -> disable(sidecar, USER, webauthn(UUID.randomUUID().toString(), assertion)),
        Status.Code.NOT_FOUND,
        "proof.webauthn.ceremony_id");

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(finishAuthentication(started, assertion).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  // Re-authentication vouched for by the calling login server.

  @Test
  void disableTwoFactor_withReauthenticationFromVouchingCaller_removesEverything()
      throws Exception {
    register(USER);
    generateCodes(USER);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      DisableTwoFactorResponse disabled =
          disable(
              TestSidecar.asVoucher(lenient.account()),
              USER,
              reauthenticated("password", clock.instant().minusSeconds(20)));

      assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      assertThat(disabled.getStatus().getEnrolled()).isFalse();
    }

    assertThat(status(USER).getFactorsList()).isEmpty();
    assertThat(status(USER).getRecoveryCodesRemaining()).isZero();
    assertThat(disabledEvents(USER))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getDetailsMap())
                  .containsEntry("proof", "reauthentication")
                  .containsEntry("method", "password");
              assertThat(e.getActor()).isEqualTo("login-vouching");
            });
  }

  @Test
  void disableTwoFactor_withReauthenticationFromCallerWithoutVouch_isPermissionDenied()
      throws Exception {
    register(USER);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      DisableProof proof = reauthenticated("password", clock.instant());
      assertStatus(
          () -> disable(lenient, USER, proof),
          Status.Code.PERMISSION_DENIED,
          "proof.reauthenticated");
      assertStatus(
          () -> disable(TestSidecar.asAdmin(lenient.account()), USER, proof),
          Status.Code.PERMISSION_DENIED,
          "proof.reauthenticated");
    }

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(disabledEvents(USER)).isEmpty();
  }

  @Test
  void disableTwoFactor_withReauthenticationUnderTheDefaultPolicy_isPermissionDenied() {
    register(USER);

    assertStatus(
        () ->
            disable(
                TestSidecar.asVoucher(sidecar.account()),
                USER,
                reauthenticated("password", clock.instant())),
        Status.Code.PERMISSION_DENIED,
        "proof.reauthenticated");

    assertThat(status(USER).getEnrolled()).isTrue();
  }

  @Test
  void disableTwoFactor_withStaleReauthentication_isExpiredAndChangesNothing() throws Exception {
    register(USER);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      DisableTwoFactorResponse refused =
          disable(
              TestSidecar.asVoucher(lenient.account()),
              USER,
              reauthenticated("password", clock.instant().minus(Duration.ofMinutes(6))));

      assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_EXPIRED);
      assertThat(refused.getReason()).startsWith("authenticated_at:");
    }

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(disabledEvents(USER)).isEmpty();
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_VERIFY_REJECTED))
        .singleElement()
        .satisfies(e -> assertThat(e.getDetailsMap()).containsEntry("for", "disable"));
  }

  @Test
  void disableTwoFactor_malformedReauthentication_isInvalidArgumentNamingTheField()
      throws Exception {
    register(USER);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      var voucher = TestSidecar.asVoucher(lenient.account());
      Instant now = clock.instant();
      for (String method : List.of("", "Password", "pass word", "x".repeat(33), "pw\n")) {
        assertInvalid(
            () -> disable(voucher, USER, reauthenticated(method, now)),
            "proof.reauthenticated.method");
      }
      assertInvalid(
          () ->
              disable(
                  voucher,
                  USER,
                  DisableProof.newBuilder()
                      .setReauthenticated(ReauthenticationProof.newBuilder().setMethod("password"))
                      .build()),
          "proof.reauthenticated.authenticated_at");
      assertInvalid(
          () ->
              disable(
                  voucher,
                  USER,
                  DisableProof.newBuilder()
                      .setReauthenticated(
                          ReauthenticationProof.newBuilder()
                              .setMethod("password")
                              .setAuthenticatedAt(Timestamp.newBuilder().setNanos(-1)))
                      .build()),
          "proof.reauthenticated.authenticated_at");
      assertInvalid(
          () -> disable(voucher, USER, reauthenticated("password", now.plusSeconds(120))),
          "proof.reauthenticated.authenticated_at");
    }

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(disabledEvents(USER)).isEmpty();
  }

  // Helpers: the calls a login server makes.

  private EmulatedBrowser register(String userId) {
    EmulatedBrowser browser =
        new EmulatedBrowser(
            ORIGIN, new WebAuthnAuthenticatorAdaptor(new NoneAttestationAuthenticator()));
    StartRegistrationResponse started =
        sidecar
            .webauthn()
            .startRegistration(StartRegistrationRequest.newBuilder().setUserId(userId).build());
    FinishRegistrationResponse registered =
        sidecar
            .webauthn()
            .finishRegistration(
                FinishRegistrationRequest.newBuilder()
                    .setCeremonyId(started.getCeremonyId())
                    .setCredentialJson(browser.create(started.getOptionsJson()))
                    .setLabel("Key")
                    .build());
    assertThat(registered.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    return browser;
  }

  private String startRegistration(String userId) {
    return sidecar
        .webauthn()
        .startRegistration(StartRegistrationRequest.newBuilder().setUserId(userId).build())
        .getCeremonyId();
  }

  /** An empty user id starts the discoverable (passkey) flow. */
  private StartAuthenticationResponse startAuthentication(String userId) {
    return sidecar
        .webauthn()
        .startAuthentication(StartAuthenticationRequest.newBuilder().setUserId(userId).build());
  }

  private FinishAuthenticationResponse finishAuthentication(
      StartAuthenticationResponse started, String credentialJson) {
    return sidecar
        .webauthn()
        .finishAuthentication(
            FinishAuthenticationRequest.newBuilder()
                .setCeremonyId(started.getCeremonyId())
                .setCredentialJson(credentialJson)
                .build());
  }

  private void generateCodes(String userId) {
    sidecar.recovery().generateCodes(GenerateCodesRequest.newBuilder().setUserId(userId).build());
  }

  private GetStatusResponse status(String userId) {
    return sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(userId).build());
  }

  private List<Event> disabledEvents(String userId) {
    return EventTrail.ofType(sidecar.events(), userId, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED);
  }

  /** A second sidecar on the same database whose policy names only {@code proofs}. */
  private TestSidecar withProofs(DisableProofKind... proofs) {
    AccountPolicy policy =
        AccountPolicy.DEFAULT.withDisableProofs(Set.copyOf(EnumSet.copyOf(List.of(proofs))));
    return TestSidecar.start(TestSidecar.config(database.config()).withAccount(policy), clock);
  }

  private static DisableProof webauthn(StartAuthenticationResponse started, String credential) {
    return webauthn(started.getCeremonyId(), credential);
  }

  private static DisableProof webauthn(String ceremonyId, String credential) {
    return DisableProof.newBuilder()
        .setWebauthn(
            WebAuthnProof.newBuilder().setCeremonyId(ceremonyId).setCredentialJson(credential))
        .build();
  }

  private static DisableProof reauthenticated(String method, Instant at) {
    return DisableProof.newBuilder()
        .setReauthenticated(
            ReauthenticationProof.newBuilder()
                .setMethod(method)
                .setAuthenticatedAt(
                    Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())))
        .build();
  }

  private static DisableTwoFactorResponse disable(
      TestSidecar on, String userId, DisableProof proof) {
    return disable(on.account(), userId, proof);
  }

  private static DisableTwoFactorResponse disable(
      dev.authsidecar.api.v1.AccountServiceGrpc.AccountServiceBlockingStub stub,
      String userId,
      DisableProof proof) {
    return stub.disableTwoFactor(
        DisableTwoFactorRequest.newBuilder().setUserId(userId).setProof(proof).build());
  }
}
