package dev.authsidecar.security;

import static dev.authsidecar.testing.Races.assertOneAcceptedOneReplayed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Two sidecar instances (separate pools, separate in-memory caches) sharing one database: the
 * database's atomic statements alone must keep every decision single.
 */
public abstract class ConcurrencyContract extends TwoReplicasTestBase {
  /** Users in the same-code race; each user is one trial. */
  static final int TRIALS = 300;

  @Test
  void sameValidCodeOnTwoReplicasAtOnce_isAcceptedExactlyOnce() throws Exception {
    List<Enrolled> users = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      users.add(enroll(i % 2 == 0 ? sidecar : replicaB, "race-user-" + i));
    }
    clock.advance(Duration.ofSeconds(30));

    int acceptedTrials = 0;
    for (int i = 0; i < TRIALS; i++) {
      String userId = "race-user-" + i;
      String code = users.get(i).app().code();
      assertOneAcceptedOneReplayed(
          i,
          () -> verify(sidecar, userId, code).getResult(),
          () -> verify(replicaB, userId, code).getResult());
      acceptedTrials++;
    }
    assertThat(acceptedTrials).isEqualTo(TRIALS);
  }

  @Test
  void parallelWrongGuessesOnTwoReplicas_neverExceedTheFailureBudget() throws Exception {
    Enrolled enrolled = enroll("victim");
    List<Callable<VerifyResponse>> guesses = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      TestSidecar replica = i % 2 == 0 ? sidecar : replicaB;
      String guess = String.format("%06d", (i * 7919 + 13) % 1_000_000);
      guesses.add(() -> verify(replica, "victim", guess));
    }
    List<VerifyResponse> answers = raceAll(guesses);

    long rejected = 0;
    for (VerifyResponse answer : answers) {
      VerifyResult result = answer.getResult();
      assertThat(result)
          .isIn(
              VerifyResult.VERIFY_RESULT_REJECTED,
              VerifyResult.VERIFY_RESULT_LOCKED_OUT,
              // A guess may happen to be the real code: it is then accepted, and the budget
              // still holds for the others.
              VerifyResult.VERIFY_RESULT_ACCEPTED);
      if (result != VerifyResult.VERIFY_RESULT_LOCKED_OUT) {
        rejected++;
      }
    }
    assertThat(rejected).isLessThanOrEqualTo(TestSidecar.LOCKOUT.threshold());
    var status =
        sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId("victim").build());
    assertThat(status.getFailedAttempts()).isLessThanOrEqualTo(TestSidecar.LOCKOUT.threshold());
    // Even the right (fresh) code is now refused: the budget is spent.
    assertThat(verify("victim", enrolled.app().codeAt(Duration.ofSeconds(30))).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
  }
}
