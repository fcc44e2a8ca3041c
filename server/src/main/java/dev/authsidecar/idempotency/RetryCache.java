package dev.authsidecar.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.authsidecar.caller.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Answers a retried request (same caller, user, request_id and code) with the first answer instead
 * of evaluating it again, which would turn a network retry of an accepted code into REPLAYED.
 * Concurrent duplicates wait for the first one's answer. Failures are not remembered.
 *
 * <p>A request that reuses a request_id with another code is evaluated like any new request (and so
 * charged against the lockout budget); it never reads the remembered answer. Otherwise a known
 * request_id would let an attacker try codes for free.
 *
 * <p>An answer from memory must still be true. Each answer is remembered with the user's factor
 * generation read <em>before</em> it was computed; a retry re-reads the generation (one primary-key
 * SELECT) and gets the remembered answer only while it is unchanged. A reset, disable, removal or
 * deletion on any replica moves the generation in its own transaction, so the retry is evaluated
 * afresh and hears the truth (NOT_ENROLLED, REPLAYED).
 *
 * <p>Memory is bounded by an estimate of each entry's bytes (Caffeine maximumWeight), not by an
 * entry count, so long request ids or user ids cannot stretch the bound.
 *
 * @param <T> the answer type
 */
public final class RetryCache<T> {
  /**
   * Default bound per cache: 32 MiB. The sidecar has three (TOTP, recovery, account), 96 MiB in
   * all; with the longest ids allowed (3 x 128 characters) that is still about 25,000 retries per
   * cache within the TTL, and about 45,000 with typical ids.
   */
  static final long DEFAULT_MAX_BYTES = 32L << 20;

  /**
   * What an entry holds besides its key, measured on a 64-bit JVM with compressed references:
   * Caffeine's node with write-time expiry (~72), its ConcurrentHashMap node (~32), the Entry
   * record (~24), the SHA-256 fingerprint array (~48), the boxed generation and its Optional (~32),
   * the CompletableFuture (~24) and the answer message, a small protobuf with at most a UUID string
   * (~250 with its builder-free fields and memoized size), rounded up.
   */
  static final int ENTRY_OVERHEAD_BYTES = 512;

  private final Cache<String, Entry<T>> answers;
  private final FactorGenerations generations;

  /**
   * Lookups go through {@code asMap()}, which Caffeine does not count, so hits (answered from
   * memory) and misses (evaluated) are recorded here by hand.
   */
  private final StatsCounter stats = new ConcurrentStatsCounter();

  public RetryCache(Duration ttl, long maxBytes, FactorGenerations generations) {
    this.generations = generations;
    this.answers =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            .maximumWeight(maxBytes)
            .weigher((String key, Entry<T> entry) -> weight(key))
            .recordStats(() -> stats)
            .build();
  }

  /**
   * A cache of one service's answers, remembered for {@code ttl}, within the default bound; its
   * size and hit rate are exported as the cache {@code name}.
   */
  public static <T> RetryCache<T> forService(
      Duration ttl, FactorGenerations generations, MeterRegistry meters, String name) {
    RetryCache<T> cache = new RetryCache<>(ttl, DEFAULT_MAX_BYTES, generations);
    CaffeineCacheMetrics.monitor(meters, cache.answers, name);
    return cache;
  }

  /** The estimated bytes of one entry: the fixed part plus the key string. */
  static int weight(String key) {
    // A String of Latin-1 characters takes one byte each, otherwise two; 40 bytes of headers.
    return ENTRY_OVERHEAD_BYTES + 40 + 2 * key.length();
  }

  /** The estimated bytes held now (for tests and metrics). */
  long weightedBytes() {
    answers.cleanUp();
    return answers.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  /**
   * Returns the answer remembered for this request, if still true, or computes and remembers it. An
   * empty requestId disables the cache for the call.
   */
  public T answer(String userId, String requestId, String code, Supplier<T> compute) {
    if (requestId.isEmpty()) {
      return compute.get();
    }
    String caller = Caller.current().name();
    String key = caller + "\n" + userId.length() + ":" + userId + ":" + requestId;
    byte[] fingerprint = fingerprint(code);
    while (true) {
      // Read before the answer is computed: a change committed after this read makes the
      // remembered answer stale, never the other way round.
      Optional<Long> generation = generations.current(userId);
      Entry<T> mine = new Entry<>(fingerprint, generation, new CompletableFuture<>());
      Entry<T> existing = answers.asMap().putIfAbsent(key, mine);
      if (existing == null) {
        stats.recordMisses(1);
        return computeInto(key, mine, compute);
      }
      if (!MessageDigest.isEqual(existing.fingerprint(), fingerprint)) {
        stats.recordMisses(1);
        return compute.get();
      }
      T remembered = join(existing);
      if (generation.isPresent() && generation.equals(existing.generation())) {
        stats.recordHits(1);
        return remembered;
      }
      // Stale: the user's factors changed since (or the user had no state to pin it to).
      // Evaluate afresh and remember the new answer in its place.
      if (answers.asMap().replace(key, existing, mine)) {
        stats.recordMisses(1);
        return computeInto(key, mine, compute);
      }
      // Another request replaced it first: look again.
    }
  }

  private T computeInto(String key, Entry<T> mine, Supplier<T> compute) {
    try {
      T answer = compute.get();
      mine.answer().complete(answer);
      return answer;
    } catch (RuntimeException | Error e) {
      answers.asMap().remove(key, mine);
      mine.answer().completeExceptionally(e);
      throw e;
    }
  }

  private static <T> T join(Entry<T> entry) {
    try {
      return entry.answer().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static byte[] fingerprint(String code) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Entry<T>(
      byte[] fingerprint, Optional<Long> generation, CompletableFuture<T> answer) {}
}
