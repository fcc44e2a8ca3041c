package dev.authsidecar.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authsidecar.caller.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
 * @param <T> the answer type
 */
public final class RetryCache<T> {
  private final Cache<String, Entry<T>> answers;

  public RetryCache(Duration ttl, long maxEntries) {
    this.answers = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
  }

  /**
   * Returns the answer remembered for this request, or computes and remembers it. An empty
   * requestId disables the cache for the call.
   */
  public T answer(String userId, String requestId, String code, Supplier<T> compute) {
    if (requestId.isEmpty()) {
      return compute.get();
    }
    String caller = Caller.current().name();
    String key = caller + "\n" + userId.length() + ":" + userId + ":" + requestId;
    byte[] fingerprint = fingerprint(code);
    Entry<T> mine = new Entry<>(fingerprint, new CompletableFuture<>());
    Entry<T> existing = answers.asMap().putIfAbsent(key, mine);
    if (existing != null) {
      if (!MessageDigest.isEqual(existing.fingerprint(), fingerprint)) {
        return compute.get();
      }
      try {
        return existing.answer().join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
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

  private static byte[] fingerprint(String code) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Entry<T>(byte[] fingerprint, CompletableFuture<T> answer) {}
}
