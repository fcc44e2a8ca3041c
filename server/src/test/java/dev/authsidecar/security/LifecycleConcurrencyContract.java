package dev.authsidecar.security;

import static dev.authsidecar.testing.Races.assertOneAcceptedOneReplayed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Calls;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Single-use codes of the account lifecycle on two sidecar instances (separate pools and caches)
 * sharing one database: the same code sent to both at once is accepted exactly once.
 */
public abstract class LifecycleConcurrencyContract extends TwoReplicasTestBase {
  /** Users per race; each user is one trial. */
  static final int TRIALS = 100;

  /** Users in the races of two administrative calls. */
  static final int SMALL_TRIALS = 50;

  @Test
  void sameRecoveryCodeOnTwoReplicasAtOnce_isAcceptedExactlyOnce() throws Exception {
    int trials = 0;
    for (int i = 0; i < TRIALS; i++) {
      String userId = "recovery-race-" + i;
      TestSidecar generator = i % 2 == 0 ? sidecar : replicaB;
      List<String> codes = Calls.generate(generator, userId, 2);
      String code = codes.getFirst();
      // Both entry points race: AccountService.VerifyCode on one replica and
      // RecoveryCodeService.VerifyCode on the other, swapping sides every trial.
      TestSidecar viaAccount = i % 2 == 0 ? sidecar : replicaB;
      TestSidecar viaRecovery = i % 2 == 0 ? replicaB : sidecar;

      assertOneAcceptedOneReplayed(
          i,
          () -> verifyCode(viaAccount, userId, code, "").getResult(),
          () -> recoveryCode(viaRecovery, userId, code, "").getResult());
      assertThat(status(userId).getRecoveryCodesRemaining())
          .as("trial %d: one code consumed, once", i)
          .isEqualTo(1);
      trials++;
    }
    assertThat(trials).isEqualTo(TRIALS);
  }

  @Test
  void sameTemporaryCodeOnTwoReplicasAtOnce_isAcceptedExactlyOnce() throws Exception {
    int trials = 0;
    for (int i = 0; i < TRIALS; i++) {
      String userId = "reset-race-" + i;
      String code =
          TestSidecar.asAdmin((i % 2 == 0 ? sidecar : replicaB).account())
              .resetUser(
                  ResetUserRequest.newBuilder()
                      .setUserId(userId)
                      .setActor("support@example.com")
                      .setReason("race " + i)
                      .build())
              .getTemporaryCode();
      VerifyCodeRequest request =
          VerifyCodeRequest.newBuilder().setUserId(userId).setCode(code).build();

      assertOneAcceptedOneReplayed(
          i,
          () -> sidecar.account().verifyCode(request).getResult(),
          () -> replicaB.account().verifyCode(request).getResult());
      trials++;
    }
    assertThat(trials).isEqualTo(TRIALS);
  }

  @Test
  void twoRegenerationsOfOneUserAtOnce_leaveExactlyOneValidSet() throws Exception {
    for (int i = 0; i < SMALL_TRIALS; i++) {
      String userId = "regenerate-race-" + i;
      generate(sidecar, userId);

      List<List<String>> sets =
          race(() -> generate(sidecar, userId), () -> generate(replicaB, userId));

      assertThat(
              sidecar
                  .account()
                  .getStatus(GetStatusRequest.newBuilder().setUserId(userId).build())
                  .getRecoveryCodesRemaining())
          .as("trial %d: one set of 10 codes", i)
          .isEqualTo(10);
      long working = sets.stream().filter(set -> accepted(userId, set.getFirst())).count();
      assertThat(working).as("trial %d: sets that still work", i).isEqualTo(1);
    }
  }

  @Test
  void twoResetsOfOneUserAtOnce_bothAnswerAndLeaveExactlyOneWorkingCode() throws Exception {
    for (int i = 0; i < SMALL_TRIALS; i++) {
      String userId = "double-reset-" + i;
      // A user the sidecar knows who has nothing left to remove: 2FA was disabled.
      generate(sidecar, userId);
      disableAsAdmin(userId);

      List<String> codes;
      try {
        codes = race(() -> reset(sidecar, userId), () -> reset(replicaB, userId));
      } catch (ExecutionException e) {
        throw new AssertionError("trial " + i + ": a reset failed with " + e.getCause(), e);
      }

      long working = codes.stream().filter(code -> accepted(userId, code)).count();
      assertThat(working).as("trial %d: temporary codes that work", i).isEqualTo(1);
    }
  }

  private boolean accepted(String userId, String code) {
    return verifyCode(userId, code).getResult() == VerifyResult.VERIFY_RESULT_ACCEPTED;
  }
}
