package dev.authsidecar.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.FactorType;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.ResetUserResponse;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.FlowTestBase;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestSidecar;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "What users of it do", flow 7: an admin reset ends every factor and hands out one
 * temporary code, through the gRPC API.
 */
public abstract class AdminResetContract extends FlowTestBase {
  private static final String USER = "ada";
  private static final String TEMPORARY_CODE =
      "[0-9abcdefghjkmnpqrstvwxyz]{4}(-[0-9abcdefghjkmnpqrstvwxyz]{4}){3}";

  @Test
  void adminReset_temporaryCodeWorksOnce_thenUserMustEnrollAgain() {
    enroll(USER);
    List<String> codes = generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);

    ResetUserResponse reset = reset(USER, "support@example.com", "ticket 4711");

    assertThat(reset.getTemporaryCode()).matches(TEMPORARY_CODE);
    assertThat(Instant.ofEpochSecond(reset.getExpiresAt().getSeconds()))
        .isEqualTo(clock.instant().plus(java.time.Duration.ofHours(24)));
    GetStatusResponse afterReset = status(USER);
    assertThat(afterReset.getEnrolled()).isFalse();
    assertThat(afterReset.getFactorsList()).isEmpty();
    assertThat(afterReset.getRecoveryCodesRemaining()).isZero();
    assertThat(afterReset.getMustEnroll()).isTrue();
    assertThat(listDevices(USER)).isEmpty();
    assertThat(checkDevice(USER, device.getDeviceToken())).isFalse();
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isNotEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    VerifyCodeResponse used = verifyCode(USER, reset.getTemporaryCode());
    assertThat(used.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(used.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_TEMPORARY_CODE);
    VerifyCodeResponse again =
        verifyCode(USER, reset.getTemporaryCode().replace("-", "").toUpperCase(Locale.ROOT));
    assertThat(again.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(again.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_TEMPORARY_CODE);
    assertThat(status(USER).getMustEnroll()).as("still no factor").isTrue();

    enroll(USER);

    GetStatusResponse enrolledAgain = status(USER);
    assertThat(enrolledAgain.getMustEnroll()).isFalse();
    assertThat(enrolledAgain.getEnrolled()).isTrue();
  }

  @Test
  void adminReset_ofALockedOutUser_letsTheTemporaryCodeIn() {
    Enrolled enrolled = enroll(USER);
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verifyCode(USER, enrolled.app().wrongCode());
    }
    assertThat(status(USER).getLockedOut()).isTrue();

    ResetUserResponse reset = reset(USER, "support@example.com", "locked out, phone lost");

    assertThat(status(USER).getLockedOut()).isFalse();
    assertThat(status(USER).getFailedAttempts()).isZero();
    assertThat(verifyCode(USER, reset.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void adminReset_pendingEnrollmentDoesNotEndMustEnroll() {
    enroll(USER);
    reset(USER, "support@example.com", "ticket 4711");

    sidecar.totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build());

    assertThat(status(USER).getMustEnroll()).isTrue();
  }

  @Test
  void adminReset_temporaryCodeExpiresAfter24Hours() {
    ResetUserResponse early = reset("early", "support@example.com", "ticket 1");
    ResetUserResponse late = reset(USER, "support@example.com", "ticket 2");

    clock.advance(java.time.Duration.ofHours(24).minusSeconds(1));
    assertThat(verifyCode("early", early.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    clock.advance(java.time.Duration.ofSeconds(1));
    VerifyCodeResponse expired = verifyCode(USER, late.getTemporaryCode());

    assertThat(expired.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_EXPIRED);
    assertThat(expired.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_TEMPORARY_CODE);
    assertThat(status(USER).getMustEnroll()).isTrue();
  }

  @Test
  void adminReset_newResetReplacesTheEarlierTemporaryCode() {
    ResetUserResponse first = reset(USER, "support@example.com", "ticket 1");
    ResetUserResponse second = reset(USER, "support@example.com", "ticket 2");

    assertThat(verifyCode(USER, first.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(verifyCode(USER, second.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void adminReset_eventRecordsCallerActorAndReason() {
    enroll(USER);

    ResetUserResponse reset = reset(USER, "grace@example.com", "ticket 4711: phone stolen");

    List<Event> resets = EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_USER_RESET);
    assertThat(resets).hasSize(1);
    Event event = resets.getFirst();
    assertThat(event.getUserId()).isEqualTo(USER);
    assertThat(event.getActor()).isEqualTo(TestCallers.ADMIN);
    assertThat(event.getDetailsMap())
        .containsEntry("requested_by", "grace@example.com")
        .containsEntry("reason", "ticket 4711: phone stolen");
    String bare = reset.getTemporaryCode().replace("-", "");
    assertThat(event.getDetailsMap().values())
        .noneMatch(
            v ->
                v.toLowerCase(Locale.ROOT)
                    .replace("-", "")
                    .contains(bare.toLowerCase(Locale.ROOT)));
  }
}
