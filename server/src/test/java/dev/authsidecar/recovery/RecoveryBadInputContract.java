package dev.authsidecar.recovery;

import static dev.authsidecar.testing.Calls.recoveryRequest;
import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeRequest;
import dev.authsidecar.testing.BadInputTestBase;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to RecoveryCodeService get INVALID_ARGUMENT naming the field, cost no attempt
 * and change nothing (see {@link BadInputTestBase}).
 */
public abstract class RecoveryBadInputContract extends BadInputTestBase {

  @Test
  void generateCodes_malformedFieldsAreInvalidArgument() {
    Function<GenerateCodesRequest.Builder, Runnable> call =
        b -> () -> sidecar.recovery().generateCodes(b.build());
    assertInvalid(call.apply(GenerateCodesRequest.newBuilder())::run, "user_id");
    assertInvalid(
        call.apply(GenerateCodesRequest.newBuilder().setUserId("u".repeat(129)))::run, "user_id");
    assertInvalid(
        call.apply(GenerateCodesRequest.newBuilder().setUserId("bob\u0000"))::run, "user_id");
    for (int count : new int[] {-1, 21, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertInvalid(
          call.apply(GenerateCodesRequest.newBuilder().setUserId(USER).setCount(count))::run,
          "count");
    }
    assertThat(status(USER).getRecoveryCodesRemaining()).isZero();
  }

  @Test
  void recoveryVerifyCode_malformedFieldsAreInvalidArgumentAndCostNoAttempt() {
    List<String> codes = generate(USER, 0);
    Function<RecoveryCodeServiceVerifyCodeRequest.Builder, Runnable> call =
        b -> () -> sidecar.recovery().verifyCode(b.build());
    var valid = RecoveryCodeServiceVerifyCodeRequest.newBuilder().setCode(codes.get(0));

    assertInvalid(call.apply(valid.clone())::run, "user_id");
    assertInvalid(call.apply(valid.clone().setUserId("u".repeat(129)))::run, "user_id");
    for (String code :
        List.of(
            "",
            " - ",
            "abcde",
            "abcde-fghjk-m",
            "uuuuu-uuuuu",
            "abcde_fghjk",
            "abcd\u00e9-fghjk",
            "x".repeat(65),
            "1".repeat(100_000))) {
      assertInvalid(call.apply(recoveryRequest(USER, code).toBuilder())::run, "code");
    }
    assertInvalid(
        call.apply(valid.clone().setUserId(USER).setRequestId("r".repeat(129)))::run, "request_id");

    assertThat(status(USER).getFailedAttempts()).isZero();
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(10);
  }
}
