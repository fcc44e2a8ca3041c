package dev.authsidecar.limits;

/**
 * The limits that protect the sidecar from more work than it can do (README, Operations, Limits).
 *
 * @param maxMessageBytes AUTHSIDECAR_MAX_MESSAGE_BYTES: larger requests are refused by the
 *     transport with RESOURCE_EXHAUSTED before they are parsed
 * @param maxConcurrentCalls AUTHSIDECAR_MAX_CONCURRENT_CALLS: unary calls running at once; 0 means
 *     {@link #CALLS_PER_CONNECTION} per pooled database connection
 * @param maxWatchStreams AUTHSIDECAR_MAX_WATCH_STREAMS: open WatchEvents streams; they live long,
 *     so they have a bound of their own instead of holding call slots
 * @param ratePerCaller AUTHSIDECAR_RATE_LIMIT_PER_CALLER: calls per second each caller may start
 *     (bursts up to the same number); 0 turns the rate limit off
 */
public record LimitSettings(
    int maxMessageBytes, int maxConcurrentCalls, int maxWatchStreams, int ratePerCaller) {

  /** Large enough for any request of the API, small enough to refuse abuse early. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

  /**
   * Calls per pooled connection: a call spends part of its time off the database (gRPC, hashing,
   * crypto), so a few per connection keep the pool busy without a long queue in front of it.
   */
  public static final int CALLS_PER_CONNECTION = 4;

  public static final int DEFAULT_MAX_WATCH_STREAMS = 16;

  public static final LimitSettings DEFAULT =
      new LimitSettings(DEFAULT_MAX_MESSAGE_BYTES, 0, DEFAULT_MAX_WATCH_STREAMS, 0);

  public LimitSettings {
    if (maxMessageBytes < 1 || maxConcurrentCalls < 0 || maxWatchStreams < 1 || ratePerCaller < 0) {
      throw new IllegalArgumentException("limits out of range");
    }
  }

  /** The bound on concurrent unary calls for a database pool of {@code poolSize} connections. */
  public int concurrentCalls(int poolSize) {
    return maxConcurrentCalls > 0 ? maxConcurrentCalls : CALLS_PER_CONNECTION * poolSize;
  }

  public boolean rateLimited() {
    return ratePerCaller > 0;
  }
}
