package dev.authsidecar.recovery;

import static dev.authsidecar.testing.Races.assertOneAcceptedOneReplayed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finding 4: re-submitting a used recovery code answers REPLAYED without costing an attempt, at
 * both entry points, so replays cannot lock a user out of the unused codes; wrong codes are still
 * charged, and a lockout in force still answers LOCKED_OUT.
 */
public abstract class RecoveryReplayContract extends TwoReplicasTestBase {
  private static final String USER = "barbara";
  private static final int REPLAYS = TestSidecar.LOCKOUT.threshold() * 3;

  /** Recovery-code shaped, never generated (generated codes are random; this one is fixed). */
  private static final String WRONG = "zzzzz-zzzzz";

  @Test
  void usedCodeReplays_atAccountVerifyCode_areFree_thenAnUnusedCodeIsAccepted() {
    List<String> codes = generate(sidecar, USER);
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    for (int i = 0; i < REPLAYS; i++) {
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      assertThat(verifyCode(on, USER, codes.get(0), "").getResult())
          .as("replay %d", i)
          .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    }

    assertThat(status(USER).getFailedAttempts()).isZero();
    assertThat(verifyCode(USER, codes.get(1)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void usedCodeReplays_atRecoveryVerifyCode_areFree_thenAnUnusedCodeIsAccepted() {
    List<String> codes = generate(sidecar, USER);
    assertThat(recoveryCode(sidecar, USER, codes.get(0), "").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    for (int i = 0; i < REPLAYS; i++) {
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      var replay = recoveryCode(on, USER, codes.get(0), "");
      assertThat(replay.getResult())
          .as("replay %d", i)
          .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
      assertThat(replay.getRemaining()).isEqualTo(9);
    }

    assertThat(status(USER).getFailedAttempts()).isZero();
    assertThat(recoveryCode(sidecar, USER, codes.get(1), "").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void wrongCodes_areStillCharged_andLockTheUserOut() {
    List<String> codes = generate(sidecar, USER);
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      assertThat(
              i % 2 == 0
                  ? verifyCode(on, USER, WRONG, "").getResult()
                  : recoveryCode(on, USER, WRONG, "").getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    }

    assertThat(status(USER).getFailedAttempts()).isEqualTo(TestSidecar.LOCKOUT.threshold());
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
  }

  @Test
  void usedCodeReplay_whileLockedOut_answersLockedOut() {
    List<String> codes = generate(sidecar, USER);
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verifyCode(USER, WRONG);
    }

    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
    assertThat(recoveryCode(replicaB, USER, codes.get(0), "").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
    assertThat(status(USER).getFailedAttempts()).isEqualTo(TestSidecar.LOCKOUT.threshold());
  }

  @Test
  void aReplayRacingTheFirstUse_isAcceptedOnceAndChargesNothing() throws Exception {
    for (int trial = 0; trial < 20; trial++) {
      String user = USER + "-" + trial;
      List<String> codes = generate(sidecar, user);
      assertOneAcceptedOneReplayed(
          trial,
          () -> verifyCode(sidecar, user, codes.get(0), "").getResult(),
          () -> recoveryCode(replicaB, user, codes.get(0), "").getResult());
      assertThat(status(user).getFailedAttempts()).as("trial %d", trial).isZero();
    }
  }
}
