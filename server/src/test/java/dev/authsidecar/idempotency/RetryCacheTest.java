package dev.authsidecar.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryCacheTest {
  private final Map<String, Long> generations =
      new ConcurrentHashMap<>(Map.of("alice", 7L, "bob", 3L));
  private final RetryCache<String> cache =
      new RetryCache<>(
          Duration.ofMinutes(5), 1 << 20, user -> Optional.ofNullable(generations.get(user)));

  @Test
  void answerAfterTheGenerationMoved_isEvaluatedAfresh_andRememberedUnderTheNewOne() {
    cache.answer("alice", "req-1", "123456", () -> "ACCEPTED");
    generations.put("alice", 8L);

    assertThat(cache.answer("alice", "req-1", "123456", () -> "NOT_ENROLLED"))
        .isEqualTo("NOT_ENROLLED");
    assertThat(cache.answer("alice", "req-1", "123456", () -> "REPLAYED"))
        .isEqualTo("NOT_ENROLLED");
  }

  @Test
  void answerForAUserWhoseStateIsGone_isNeverGivenFromMemory() {
    cache.answer("alice", "req-1", "123456", () -> "ACCEPTED");
    generations.remove("alice");

    assertThat(cache.answer("alice", "req-1", "123456", () -> "NOT_ENROLLED"))
        .isEqualTo("NOT_ENROLLED");
    // A user created again gets a new generation; the old answer is not it.
    generations.put("alice", 1234L);
    assertThat(cache.answer("alice", "req-1", "123456", () -> "REJECTED")).isEqualTo("REJECTED");
  }

  @Test
  void memoryStaysWithinTheByteBound_whateverTheIdsLookLike() {
    long bound = 1 << 20;
    RetryCache<String> small =
        new RetryCache<>(Duration.ofMinutes(5), bound, user -> Optional.of(1L));
    String longId = "x".repeat(128);
    for (int i = 0; i < 20_000; i++) {
      small.answer(longId + i, longId + i, "123456", () -> "ACCEPTED");
    }

    assertThat(small.weightedBytes()).isPositive().isLessThanOrEqualTo(bound);
    // Every entry is estimated at no less than its fixed part plus its key's characters.
    assertThat(RetryCache.weight(longId)).isGreaterThan(RetryCache.ENTRY_OVERHEAD_BYTES + 128);
  }

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
