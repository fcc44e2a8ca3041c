package dev.authsidecar.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two sidecar instances (separate pools, separate in-memory caches) sharing one database: the
 * database's atomic statements alone must keep every decision single.
 */
public abstract class ConcurrencyContract extends SidecarTestBase {
  /** Users in the same-code race; each user is one trial. */
  static final int TRIALS = 300;

  private TestSidecar replicaB;
  private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void startSecondReplica() {
    replicaB = TestSidecar.start(database.config(), clock);
  }

  @AfterEach
  void stopSecondReplica() throws InterruptedException {
    pool.shutdownNow();
    replicaB.close();
  }

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
      CountDownLatch start = new CountDownLatch(1);
      var onA = pool.submit(() -> awaitThen(start, () -> verify(sidecar, userId, code)));
      var onB = pool.submit(() -> awaitThen(start, () -> verify(replicaB, userId, code)));
      start.countDown();
      List<VerifyResult> results = List.of(onA.get().getResult(), onB.get().getResult());

      assertThat(results)
          .as("trial %d", i)
          .containsExactlyInAnyOrder(
              VerifyResult.VERIFY_RESULT_ACCEPTED, VerifyResult.VERIFY_RESULT_REPLAYED);
      acceptedTrials++;
    }
    assertThat(acceptedTrials).isEqualTo(TRIALS);
  }

  @Test
  void parallelWrongGuessesOnTwoReplicas_neverExceedTheFailureBudget() throws Exception {
    Enrolled enrolled = enroll("victim");
    int guesses = 60;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<VerifyResponse>> answers =
        IntStream.range(0, guesses)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            awaitThen(
                                start,
                                () ->
                                    verify(
                                        i % 2 == 0 ? sidecar : replicaB,
                                        "victim",
                                        String.format("%06d", (i * 7919 + 13) % 1_000_000))),
                        pool))
            .toList();
    start.countDown();

    long rejected = 0;
    for (var answer : answers) {
      VerifyResult result = answer.get().getResult();
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

  private static <T> T awaitThen(CountDownLatch start, java.util.function.Supplier<T> call) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return call.get();
  }
}
