package dev.authsidecar.totp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Codes this replica saw accepted, for as long as they could still match a window. A replay found
 * here is refused without a database round trip; the database's conditional update stays the
 * decision for everything else, so a miss here (another replica accepted it) is still caught.
 */
final class UsedCodes {
  private final Cache<String, UUID> used;

  UsedCodes(Duration memory, MeterRegistry meters) {
    // A hit is a replay refused from memory; the hit rate shows how often that saves a round trip.
    this.used =
        Caffeine.newBuilder().expireAfterWrite(memory).maximumSize(1_000_000).recordStats().build();
    CaffeineCacheMetrics.monitor(meters, used, "totp_used_codes");
  }

  void remember(String userId, String code, UUID factorId) {
    used.put(key(userId, code), factorId);
  }

  Optional<UUID> factorThatUsed(String userId, String code) {
    return Optional.ofNullable(used.getIfPresent(key(userId, code)));
  }

  private static String key(String userId, String code) {
    return userId.length() + ":" + userId + ":" + code;
  }
}
