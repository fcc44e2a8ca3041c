package dev.authsidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.VerifyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Calls started at the same moment, so that only atomic decisions keep them apart. */
public final class Races {
  private Races() {}

  /** Starts both calls at the same moment and returns both answers, the first call's first. */
  public static <T> List<T> race(Callable<T> a, Callable<T> b) throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      return raceAll(pool, List.of(a, b));
    }
  }

  /** Starts every call on {@code pool} at the same moment and returns the answers in order. */
  public static <T> List<T> raceAll(ExecutorService pool, List<Callable<T>> calls)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : calls) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return call.call();
              }));
    }
    start.countDown();
    List<T> answers = new ArrayList<>();
    for (Future<T> future : futures) {
      answers.add(future.get());
    }
    return answers;
  }

  /**
   * One trial of a replay race: both calls present the same code at the same moment, and exactly
   * one of them must be ACCEPTED while the other is REPLAYED.
   */
  public static void assertOneAcceptedOneReplayed(
      int trial, Callable<VerifyResult> a, Callable<VerifyResult> b) throws Exception {
    assertThat(race(a, b))
        .as("trial %d", trial)
        .containsExactlyInAnyOrder(
            VerifyResult.VERIFY_RESULT_ACCEPTED, VerifyResult.VERIFY_RESULT_REPLAYED);
  }
}
