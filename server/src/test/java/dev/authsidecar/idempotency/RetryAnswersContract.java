package dev.authsidecar.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finding 3: an answer given again from a replica's retry memory must still be true. Every action
 * that ends factors (reset, disable, remove, delete) makes remembered answers of the user stale on
 * every replica, so the retry is evaluated afresh.
 */
public abstract class RetryAnswersContract extends TwoReplicasTestBase {
  private static final String USER = "linus";

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
    "reset, A", "reset, B",
    "disable, A", "disable, B",
    "remove, A", "remove, B",
    "delete, A", "delete, B"
  })
  void totpRetry_afterTheFactorIsGone_isEvaluatedAfresh(String action, String replica) {
    Enrolled enrolled = enroll(sidecar, USER);
    VerifyRequest request = loginRequest(enrolled);
    assertThat(sidecar.totp().verify(request).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    TestSidecar on = replica.equals("A") ? sidecar : replicaB;
    endFactor(on, action, enrolled);

    // The truth: the user has no TOTP factor any more; A may also remember that it saw the code
    // used. Never the remembered ACCEPTED.
    VerifyResponse retry = sidecar.totp().verify(request);
    assertThat(retry.getResult())
        .isIn(VerifyResult.VERIFY_RESULT_NOT_ENROLLED, VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(replicaB.totp().verify(request).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({"reset, A", "reset, B", "delete, A", "delete, B"})
  void recoveryCodeRetry_afterReset_isEvaluatedAfresh_atBothEntryPoints(
      String action, String replica) {
    List<String> codes = generate(sidecar, USER);
    assertThat(verifyCode(sidecar, USER, codes.get(0), "r-account").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(recoveryCode(sidecar, USER, codes.get(1), "r-recovery").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    TestSidecar on = replica.equals("A") ? sidecar : replicaB;
    endFactor(on, action, null);

    assertThat(verifyCode(sidecar, USER, codes.get(0), "r-account").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
    assertThat(recoveryCode(sidecar, USER, codes.get(1), "r-recovery").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
  }

  @Test
  void retry_afterAChangeThatEndsNothing_stillGetsTheFirstAnswer() {
    Enrolled enrolled = enroll(sidecar, USER);
    VerifyRequest request = loginRequest(enrolled);
    VerifyResponse first = sidecar.totp().verify(request);
    replicaB
        .account()
        .renameFactor(
            RenameFactorRequest.newBuilder()
                .setUserId(USER)
                .setFactorId(enrolled.factorId())
                .setLabel("Phone")
                .build());

    assertThat(sidecar.totp().verify(request)).isEqualTo(first);
    assertThat(first.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  /** A sign-in with the app's next code and a request id, so a retry can be answered again. */
  private VerifyRequest loginRequest(Enrolled enrolled) {
    clock.advance(Duration.ofSeconds(30));
    return VerifyRequest.newBuilder()
        .setUserId(USER)
        .setCode(enrolled.app().code())
        .setRequestId("login-1")
        .build();
  }

  private void endFactor(TestSidecar on, String action, Enrolled enrolled) {
    switch (action) {
      case "reset" -> reset(on, USER);
      case "delete" -> delete(on, USER);
      case "remove" ->
          on.account()
              .removeFactor(
                  RemoveFactorRequest.newBuilder()
                      .setUserId(USER)
                      .setFactorId(enrolled.factorId())
                      .build());
      case "disable" -> {
        clock.advance(Duration.ofSeconds(30));
        var disabled =
            on.account()
                .disableTwoFactor(
                    DisableTwoFactorRequest.newBuilder()
                        .setUserId(USER)
                        .setProof(DisableProof.newBuilder().setTotpCode(enrolled.app().code()))
                        .build());
        assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      }
      default -> throw new IllegalArgumentException(action);
    }
  }
}
