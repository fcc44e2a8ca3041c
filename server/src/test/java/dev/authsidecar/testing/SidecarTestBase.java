package dev.authsidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentResponse;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh database and sidecar for every test. Concrete classes pick the database: the same
 * behaviour is asserted on H2 and on PostgreSQL.
 */
public abstract class SidecarTestBase {
  protected final MutableClock clock = MutableClock.atStepStart();
  protected TestDatabase database;
  protected TestSidecar sidecar;

  protected abstract TestDatabase newDatabase();

  @BeforeEach
  void startSidecar() {
    database = newDatabase();
    sidecar = TestSidecar.start(database.config(), clock);
  }

  @AfterEach
  void stopSidecar() throws InterruptedException {
    if (sidecar != null) {
      sidecar.close();
    }
    if (database != null) {
      database.close();
    }
  }

  /** A confirmed TOTP factor for the user, and the app that holds its secret. */
  protected Enrolled enroll(TestSidecar on, String userId) {
    BeginEnrollmentResponse begun =
        on.totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(userId).build());
    Authenticator app = Authenticator.scanning(begun, clock);
    ConfirmEnrollmentResponse confirmed =
        on.totp()
            .confirmEnrollment(
                ConfirmEnrollmentRequest.newBuilder()
                    .setEnrollmentId(begun.getEnrollmentId())
                    .setCode(app.code())
                    .build());
    assertThat(confirmed.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    return new Enrolled(confirmed.getFactor().getId(), app, app.code());
  }

  protected Enrolled enroll(String userId) {
    return enroll(sidecar, userId);
  }

  protected VerifyResponse verify(TestSidecar on, String userId, String code) {
    return on.totp().verify(VerifyRequest.newBuilder().setUserId(userId).setCode(code).build());
  }

  protected VerifyResponse verify(String userId, String code) {
    return verify(sidecar, userId, code);
  }

  /** A confirmed factor; confirmationCode is the code spent on ConfirmEnrollment. */
  public record Enrolled(String factorId, Authenticator app, String confirmationCode) {}
}
