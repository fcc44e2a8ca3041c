package dev.authsidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentResponse;
import dev.authsidecar.api.v1.TotpServiceGrpc.TotpServiceBlockingStub;
import dev.authsidecar.api.v1.VerifyResult;
import java.time.Clock;

/** Flow 1 as a login server runs it: begin, scan, confirm with the app's current code. */
public final class Enrollments {
  private Enrollments() {}

  public static Enrolled enroll(TotpServiceBlockingStub totp, String userId, Clock clock) {
    BeginEnrollmentResponse begun =
        totp.beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(userId).build());
    Authenticator app = Authenticator.scanning(begun, clock);
    ConfirmEnrollmentResponse confirmed =
        totp.confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(begun.getEnrollmentId())
                .setCode(app.code())
                .build());
    assertThat(confirmed.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    return new Enrolled(confirmed.getFactor().getId(), app, app.code());
  }

  /** A confirmed factor; confirmationCode is the code spent on ConfirmEnrollment. */
  public record Enrolled(String factorId, Authenticator app, String confirmationCode) {}
}
