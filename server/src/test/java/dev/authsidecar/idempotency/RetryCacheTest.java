package dev.authsidecar.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryCacheTest {
  private final RetryCache<String> cache = new RetryCache<>(Duration.ofMinutes(5), 1000);

  @Test
  void concurrentDuplicatesAreEvaluatedOnce() throws Exception {
    AtomicInteger evaluations = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        answers.add(
            threads.submit(
                () ->
                    cache.answer(
                        "alice",
                        "req-1",
                        "123456",
                        () -> {
                          evaluations.incrementAndGet();
                          await(release);
                          return "ACCEPTED";
                        })));
      }
      Thread.sleep(100);
      release.countDown();
      for (Future<String> answer : answers) {
        assertThat(answer.get()).isEqualTo("ACCEPTED");
      }
    }
    assertThat(evaluations).hasValue(1);
  }

  @Test
  void sameRequestIdWithAnotherCodeIsEvaluatedAnewNeverAnsweredFromMemory() {
    cache.answer("alice", "req-1", "123456", () -> "ACCEPTED");
    AtomicInteger evaluations = new AtomicInteger();

    String answer =
        cache.answer(
            "alice",
            "req-1",
            "654321",
            () -> {
              evaluations.incrementAndGet();
              return "REJECTED";
            });

    assertThat(answer).isEqualTo("REJECTED");
    assertThat(evaluations).hasValue(1);
    assertThat(cache.answer("alice", "req-1", "123456", () -> "REPLAYED")).isEqualTo("ACCEPTED");
  }

  @Test
  void failuresAreNotRemembered() {
    assertThatThrownBy(
            () ->
                cache.answer(
                    "alice",
                    "req-1",
                    "123456",
                    () -> {
                      throw new IllegalStateException("database down");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(cache.answer("alice", "req-1", "123456", () -> "ACCEPTED")).isEqualTo("ACCEPTED");
  }

  @Test
  void requestIdsAreScopedPerUser() {
    cache.answer("alice", "req-1", "123456", () -> "ACCEPTED");

    assertThat(cache.answer("bob", "req-1", "111111", () -> "REJECTED")).isEqualTo("REJECTED");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
