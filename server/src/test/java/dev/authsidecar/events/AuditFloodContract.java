package dev.authsidecar.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Finding 5: refusals that change nothing must not grow the audit trail without bound, and a "code
 * seen" alert (VERIFY_REPLAYED) must not be forgeable.
 */
public abstract class AuditFloodContract extends TwoReplicasTestBase {
  private static final String USER = "margaret";
  private static final int CALLS = 50;

  @Test
  void confirmingAConfirmedEnrollment_withArbitraryCodes_isChargedAndRaisesNoReplayAlert()
      throws Exception {
    Enrolled enrolled = enroll(sidecar, USER);
    long before = rows("events");

    int rejected = 0;
    for (int i = 0; i < CALLS; i++) {
      String code = String.format("%06d", (i * 7919 + 13) % 1_000_000);
      if (code.equals(enrolled.confirmationCode())) {
        continue;
      }
      VerifyResult result = confirm(i % 2 == 0 ? sidecar : replicaB, enrolled.factorId(), code);
      assertThat(result)
          .as("code %s", code)
          .isIn(VerifyResult.VERIFY_RESULT_REJECTED, VerifyResult.VERIFY_RESULT_LOCKED_OUT);
      if (result == VerifyResult.VERIFY_RESULT_REJECTED) {
        rejected++;
      }
    }

    assertThat(rejected).isEqualTo(TestSidecar.LOCKOUT.threshold());
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_VERIFY_REPLAYED))
        .isEmpty();
    // The charged rejections and the start of the lockout, nothing for the refusals after it.
    assertThat(rows("events") - before).isEqualTo(TestSidecar.LOCKOUT.threshold() + 1);
  }

  @Test
  void confirmingAConfirmedEnrollment_withTheCodeThatConfirmedIt_isReplayedWithAnAlert() {
    Enrolled enrolled = enroll(sidecar, USER);

    assertThat(confirm(replicaB, enrolled.factorId(), enrolled.confirmationCode()))
        .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_VERIFY_REPLAYED))
        .hasSize(1);
    assertThat(status(USER).getFailedAttempts()).isZero();
  }

  @Test
  void lockedOutAnswers_writeNoEvent_atAnyEntryPoint() throws Exception {
    Enrolled enrolled = enroll(sidecar, USER);
    String temporaryHolder = USER + "-reset";
    String temporary = reset(sidecar, temporaryHolder);
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verify(USER, enrolled.app().wrongCode());
      verifyCode(temporaryHolder, "zzzz-zzzz-zzzz-zzzz");
    }
    generate(sidecar, USER);
    long before = rows("events");

    for (int i = 0; i < CALLS; i++) {
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      assertThat(verify(on, USER, enrolled.app().code()).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
      assertThat(verifyCode(on, USER, "zzzzz-zzzzz", "").getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
      assertThat(recoveryCode(on, USER, "zzzzz-zzzzz", "").getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
      assertThat(verifyCode(on, temporaryHolder, temporary, "").getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
      assertThat(confirm(on, enrolled.factorId(), enrolled.app().wrongCode()))
          .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
    }

    assertThat(rows("events")).isEqualTo(before);
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_LOCKED_OUT))
        .hasSize(1);
  }

  @Test
  void refusalsForMadeUpUsers_createNoRowsAndNoEvents() throws Exception {
    enroll(sidecar, USER);
    long accounts = rows("accounts");
    long events = rows("events");

    for (int i = 0; i < CALLS; i++) {
      String madeUp = "nobody-" + i;
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      assertThat(verifyCode(on, madeUp, "abcd-efgh-jkmn-pqrs", "").getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
      assertThat(verifyCode(on, madeUp, "abcde-fghjk", "").getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
      assertThat(verifyCode(on, madeUp, "123456", "r-" + i).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
      assertThat(recoveryCode(on, madeUp, "abcde-fghjk", "").getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
      assertThat(
              on.totp()
                  .verify(VerifyRequest.newBuilder().setUserId(madeUp).setCode("123456").build())
                  .getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
    }

    assertThat(rows("accounts")).isEqualTo(accounts);
    assertThat(rows("events")).isEqualTo(events);
  }

  private static VerifyResult confirm(TestSidecar on, String enrollmentId, String code) {
    return on.totp()
        .confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(enrollmentId)
                .setCode(code)
                .build())
        .getResult();
  }
}
