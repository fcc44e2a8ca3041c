package dev.authsidecar.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** The registry every meter of one sidecar lives in, rendered by {@link MetricsEndpoint}. */
public final class SidecarMeters {
  /** Every exported name starts with this (Micrometer spells it with dots, Prometheus with _). */
  static final String PREFIX = "authsidecar.";

  /**
   * Histogram buckets for RPC and statement latency: fixed, so that each series has a dozen
   * buckets, from a cached replay refusal (well under a millisecond) to the 5 s statement timeout.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private SidecarMeters() {}

  /**
   * A Prometheus registry that prefixes the binders' own names too (HikariCP's {@code hikaricp.*},
   * Caffeine's {@code cache.*}), so that everything this process exports sorts under {@code
   * authsidecar_} and a stock dashboard needs only that prefix added.
   */
  public static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(PREFIX) ? id : id.withName(PREFIX + id.getName());
              }
            });
    return registry;
  }
}
