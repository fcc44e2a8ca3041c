package dev.authsidecar.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RecoveryCodesProof;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.FlowTestBase;
import dev.authsidecar.testing.TestSidecar;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "What users of it do", flow 6: disable 2FA with a TOTP code, recovery codes or the
 * admin proof, through the gRPC API. A refused proof removes nothing.
 */
public abstract class DisableTwoFactorContract extends FlowTestBase {
  private static final String USER = "ada";

  @Test
  void disableTwoFactor_withValidTotpCode_removesEverything() {
    Enrolled enrolled = enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));
    String code = enrolled.app().code();

    DisableTwoFactorResponse disabled =
        disable(USER, DisableProof.newBuilder().setTotpCode(code).build());

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(disabled.getStatus().getEnrolled()).isFalse();
    assertEverythingRemoved(USER, device);
    assertThat(status(USER).getMustEnroll()).isFalse();
    assertThat(
            EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED)
                .stream()
                .map(e -> e.getDetailsMap().get("proof")))
        .containsExactly("totp_code");
  }

  @Test
  void disableTwoFactor_withWrongTotpCode_isRejectedAndRemovesNothing() {
    Enrolled enrolled = enroll(USER);
    List<String> codes = generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));

    DisableTwoFactorResponse refused =
        disable(USER, DisableProof.newBuilder().setTotpCode(enrolled.app().wrongCode()).build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertNothingRemoved(USER, device, 10);
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED))
        .isEmpty();
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(verifyCode(USER, enrolled.app().code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void disableTwoFactor_withAnAlreadyUsedTotpCode_isReplayedAndRemovesNothing() {
    Enrolled enrolled = enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));
    String code = enrolled.app().code();
    assertThat(verifyCode(USER, code).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    DisableTwoFactorResponse refused =
        disable(USER, DisableProof.newBuilder().setTotpCode(code).build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertNothingRemoved(USER, device, 10);
  }

  @Test
  void disableTwoFactor_whileLockedOut_isRefusedWithRetryAfter() {
    Enrolled enrolled = enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verifyCode(USER, enrolled.app().wrongCode());
    }

    DisableTwoFactorResponse refused =
        disable(USER, DisableProof.newBuilder().setTotpCode(enrolled.app().code()).build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
    assertThat(refused.getRetryAfter().getSeconds()).isPositive();
    assertNothingRemoved(USER, device, 10);
  }

  @Test
  void disableTwoFactor_withRecoveryCodeProof_removesEverything() {
    enroll(USER);
    List<String> codes = generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);

    DisableTwoFactorResponse disabled =
        disable(
            USER,
            DisableProof.newBuilder()
                .setRecoveryCodes(RecoveryCodesProof.newBuilder().addCodes(codes.get(2)))
                .build());

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertEverythingRemoved(USER, device);
  }

  @Test
  void disableTwoFactor_withOneWrongRecoveryCode_consumesNoneAndRemovesNothing() {
    enroll(USER);
    List<String> codes = generate(USER, 0);
    List<String> notTheirs = generate("someone-else", 0);
    RememberDeviceResponse device = remember(USER, null);

    DisableTwoFactorResponse refused =
        disable(
            USER,
            DisableProof.newBuilder()
                .setRecoveryCodes(
                    RecoveryCodesProof.newBuilder()
                        .addCodes(codes.get(0))
                        .addCodes(notTheirs.get(0)))
                .build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertNothingRemoved(USER, device, 10);
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .as("the right code in the refused proof was not consumed")
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void disableTwoFactor_withAdminProof_removesEverything() {
    enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);

    DisableTwoFactorResponse disabled = disableAsAdmin(USER);

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertEverythingRemoved(USER, device);
    assertThat(
            EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED)
                .stream()
                .map(e -> e.getDetailsMap().get("proof")))
        .containsExactly("admin");
  }

  // Helpers.

  private void assertEverythingRemoved(String user, RememberDeviceResponse device) {
    GetStatusResponse status = status(user);
    assertThat(status.getEnrolled()).isFalse();
    assertThat(status.getFactorsList()).isEmpty();
    assertThat(status.getRecoveryCodesRemaining()).isZero();
    assertThat(listDevices(user)).isEmpty();
    assertThat(checkDevice(user, device.getDeviceToken())).isFalse();
  }

  private void assertNothingRemoved(String user, RememberDeviceResponse device, int codes) {
    GetStatusResponse status = status(user);
    assertThat(status.getEnrolled()).isTrue();
    assertThat(status.getFactorsList()).hasSize(1);
    assertThat(status.getRecoveryCodesRemaining()).isEqualTo(codes);
    assertThat(listDevices(user)).hasSize(1);
    assertThat(checkDevice(user, device.getDeviceToken())).isTrue();
  }
}
