package dev.authsidecar.testing;

import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.testing.Enrollments.Enrolled;
import java.util.Set;
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

  /** A caller that the admin-proof tests list in AUTHSIDECAR_ADMIN_CALLERS. */
  protected static final String ADMIN_CALLER = "support-console";

  /**
   * DisableTwoFactor with the admin proof, as a listed admin caller: the proof is refused while no
   * admin callers are configured, as in the default test sidecar.
   */
  protected DisableTwoFactorResponse disableAsAdmin(String userId) {
    try (TestSidecar admin =
        TestSidecar.start(TestSidecar.config(database.config(), Set.of(ADMIN_CALLER)), clock)) {
      return TestSidecar.as(ADMIN_CALLER, admin.account())
          .disableTwoFactor(
              DisableTwoFactorRequest.newBuilder()
                  .setUserId(userId)
                  .setProof(DisableProof.newBuilder().setAdmin(true))
                  .build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
