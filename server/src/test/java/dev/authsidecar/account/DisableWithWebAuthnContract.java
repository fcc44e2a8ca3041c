package dev.authsidecar.account;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.FinishAuthenticationResponse;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.StartAuthenticationResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.UserVerificationRequirement;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.api.v1.WebAuthnProof;
import dev.authsidecar.testing.EmulatedBrowser;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Status;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DisableTwoFactor with a WebAuthn assertion as the proof, when the user's only factor is a
 * security key: the assertion must be the user's, fresh, user-verified and named by the policy.
 */
public abstract class DisableWithWebAuthnContract extends DisableProofTestBase {
  @Test
  void disableTwoFactor_withWebAuthnAssertion_removesEverything() {
    EmulatedBrowser key = register(USER);
    generate(USER, 0);
    StartAuthenticationResponse started = startAuthentication(USER);

    DisableTwoFactorResponse disabled =
        disable(sidecar, USER, webauthn(started, key.get(started.getOptionsJson())));

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(disabled.getReason()).isEmpty();
    assertThat(disabled.getStatus().getEnrolled()).isFalse();
    assertThat(assertDisabledBy("webauthn").getDetailsMap())
        .containsKeys("factor_id", "user_verified");
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

  // Helpers.

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

  private static DisableProof webauthn(StartAuthenticationResponse started, String credential) {
    return webauthn(started.getCeremonyId(), credential);
  }

  private static DisableProof webauthn(String ceremonyId, String credential) {
    return DisableProof.newBuilder()
        .setWebauthn(
            WebAuthnProof.newBuilder().setCeremonyId(ceremonyId).setCredentialJson(credential))
        .build();
  }
}
