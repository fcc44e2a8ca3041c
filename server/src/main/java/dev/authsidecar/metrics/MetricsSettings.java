package dev.authsidecar.metrics;

import java.util.Objects;

/**
 * Where the Prometheus endpoint listens (AUTHSIDECAR_METRICS_LISTEN), or that it is off.
 *
 * @param enabled false for {@code off}: no HTTP port is opened (the meters are still kept)
 */
public record MetricsSettings(boolean enabled, String host, int port) {
  /** Loopback, like the gRPC port: a scraper in the same pod or on the same host reaches it. */
  public static final MetricsSettings DEFAULT = new MetricsSettings(true, "127.0.0.1", 9464);

  public static final MetricsSettings OFF = new MetricsSettings(false, "127.0.0.1", 0);

  public MetricsSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }
}
