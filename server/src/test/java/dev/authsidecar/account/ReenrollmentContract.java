package dev.authsidecar.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.EmulatedBrowser;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import org.junit.jupiter.api.Test;

/**
 * Finding 2: the temporary code of an admin reset ends when the user has a new factor, in the
 * transaction that creates it, on whichever replica.
 */
public abstract class ReenrollmentContract extends TwoReplicasTestBase {
  private static final String USER = "grace";

  @Test
  void temporaryCode_endsWhenANewTotpFactorIsConfirmed() {
    String temporary = reset(sidecar, USER);
    enroll(replicaB, USER);

    assertThat(verifyCode(USER, temporary).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
    assertThat(status(USER).getMustEnroll()).isFalse();
  }

  @Test
  void temporaryCode_endsWhenRecoveryCodesAreGenerated() {
    String temporary = reset(sidecar, USER);
    generate(replicaB, USER);

    assertThat(verifyCode(USER, temporary).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
  }

  @Test
  void temporaryCode_endsWhenASecurityKeyIsRegistered() {
    String temporary = reset(sidecar, USER);
    register(replicaB, USER);

    assertThat(verifyCode(USER, temporary).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
  }

  @Test
  void temporaryCode_stillWorksUntilANewFactorExists() {
    String temporary = reset(sidecar, USER);
    // Starting an enrollment creates no factor yet.
    sidecar
        .totp()
        .beginEnrollment(
            dev.authsidecar.api.v1.BeginEnrollmentRequest.newBuilder().setUserId(USER).build());

    assertThat(verifyCode(USER, temporary).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  private static void register(TestSidecar on, String user) {
    var started =
        on.webauthn()
            .startRegistration(StartRegistrationRequest.newBuilder().setUserId(user).build());
    EmulatedBrowser browser =
        new EmulatedBrowser(
            "http://localhost:8080",
            new WebAuthnAuthenticatorAdaptor(new NoneAttestationAuthenticator()));
    var finished =
        on.webauthn()
            .finishRegistration(
                FinishRegistrationRequest.newBuilder()
                    .setCeremonyId(started.getCeremonyId())
                    .setCredentialJson(browser.create(started.getOptionsJson()))
                    .build());
    assertThat(finished.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }
}
