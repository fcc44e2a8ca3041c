package dev.authsidecar.limits;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.google.common.util.concurrent.RateLimiter;
import dev.authsidecar.caller.Caller;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Duration;

/**
 * An optional token bucket per caller (by its name from the callers file): each caller may start
 * {@code perSecond} calls a second, in bursts of up to as many after a quiet second, so one noisy
 * service cannot take every slot of {@link CallLimiter}. Runs after authentication.
 */
public final class CallerRateLimiter implements ServerInterceptor {
  private final int perSecond;
  private final Duration retryAfter;
  // Guava's SmoothBursty limiter is the token bucket; idle callers' buckets are dropped.
  private final LoadingCache<String, RateLimiter> buckets;

  /** {@code perSecond} 0 lets every call through. */
  public CallerRateLimiter(int perSecond) {
    this.perSecond = perSecond;
    this.retryAfter = Duration.ofMillis(perSecond > 0 ? Math.max(1, 1000 / perSecond) : 0);
    this.buckets =
        Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .build(name -> RateLimiter.create(perSecond));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (perSecond > 0) {
      String caller = Caller.current().name();
      if (!buckets.get(caller).tryAcquire()) {
        RetryHints.refuse(
            call,
            "caller '" + caller + "' exceeds its rate limit of " + perSecond + " calls per second",
            retryAfter);
        return new ServerCall.Listener<>() {};
      }
    }
    return next.startCall(call, headers);
  }
}
