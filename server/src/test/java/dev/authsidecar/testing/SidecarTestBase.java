package dev.authsidecar.testing;

import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.testing.Enrollments.Enrolled;
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
    return Enrollments.enroll(on.totp(), userId, clock);
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

  /** DisableTwoFactor with the admin proof, as the admin caller. */
  protected DisableTwoFactorResponse disableAsAdmin(String userId) {
    return TestSidecar.asAdmin(sidecar.account())
        .disableTwoFactor(
            DisableTwoFactorRequest.newBuilder()
                .setUserId(userId)
                .setProof(DisableProof.newBuilder().setAdmin(true))
                .build());
  }
}
