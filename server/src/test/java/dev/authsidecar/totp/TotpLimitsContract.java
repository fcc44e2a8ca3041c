package dev.authsidecar.totp;

import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 (TOTP): a user's TOTP factors and pending enrollments are capped, and the cap is
 * decided under the user's row lock, so two replicas racing cannot exceed it.
 */
public abstract class TotpLimitsContract extends TwoReplicasTestBase {
  private static final String USER = "edsger";

  @Test
  void totpFactors_pastTheCap_beginEnrollmentIsResourceExhausted() {
    for (int i = 0; i < TotpEnrollments.MAX_FACTORS_PER_USER; i++) {
      enroll(i % 2 == 0 ? sidecar : replicaB, USER);
    }

    assertStatus(() -> begin(replicaB), Status.Code.RESOURCE_EXHAUSTED, "user_id");
    assertThat(status(USER).getFactorsCount()).isEqualTo(TotpEnrollments.MAX_FACTORS_PER_USER);
  }

  @Test
  void totpFactors_confirmationsRacingOnTwoReplicas_neverExceedTheCap() throws Exception {
    for (int i = 0; i < TotpEnrollments.MAX_FACTORS_PER_USER - 1; i++) {
      enroll(sidecar, USER);
    }
    List<BeginEnrollmentResponse> pending =
        List.of(begin(sidecar), begin(replicaB), begin(sidecar));
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      BeginEnrollmentResponse begun = pending.get(i);
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      String code = Authenticator.scanning(begun, clock).code();
      calls.add(
          () -> {
            try {
              return on.totp()
                  .confirmEnrollment(
                      ConfirmEnrollmentRequest.newBuilder()
                          .setEnrollmentId(begun.getEnrollmentId())
                          .setCode(code)
                          .build())
                  .getResult()
                  .name();
            } catch (StatusRuntimeException e) {
              return e.getStatus().getCode().name();
            }
          });
    }

    List<String> results = raceAll(calls);

    assertThat(results)
        .containsExactlyInAnyOrder(
            VerifyResult.VERIFY_RESULT_ACCEPTED.name(), "RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED");
    assertThat(status(USER).getFactorsCount()).isEqualTo(TotpEnrollments.MAX_FACTORS_PER_USER);
    // A right code refused for the cap is not a failure.
    assertThat(status(USER).getFailedAttempts()).isZero();
  }

  @Test
  void pendingEnrollments_racingReplicas_keepOnlyTheNewestFew() throws Exception {
    List<Callable<BeginEnrollmentResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      calls.add(() -> begin(on));
    }
    raceAll(calls);

    assertThat(rows("totp_enrollments")).isEqualTo(5);
  }

  private BeginEnrollmentResponse begin(TestSidecar on) {
    return on.totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build());
  }
}
