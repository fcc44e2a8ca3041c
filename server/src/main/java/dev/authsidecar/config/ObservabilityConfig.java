package dev.authsidecar.config;

import dev.authsidecar.logging.LogFormat;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Logs and traces: the log line format, whether every call gets an access log line, and where
 * OpenTelemetry spans go (nowhere unless an OTLP endpoint is configured).
 *
 * @param logFormat AUTHSIDECAR_LOG_FORMAT; Main applies it before the first log line, this is the
 *     value it resolved to
 * @param accessLog AUTHSIDECAR_ACCESS_LOG: one line per call on the {@code authsidecar.access}
 *     logger
 * @param otlpEndpoint AUTHSIDECAR_OTLP_ENDPOINT: base URL of an OTLP/HTTP collector; empty turns
 *     tracing off
 */
public record ObservabilityConfig(
    LogFormat logFormat, boolean accessLog, Optional<URI> otlpEndpoint) {

  /** Text at a terminal, JSON otherwise; access log on; tracing off. */
  public static final ObservabilityConfig DEFAULT =
      new ObservabilityConfig(LogFormat.detect(), true, Optional.empty());

  public ObservabilityConfig {
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(otlpEndpoint, "otlpEndpoint");
  }

  public boolean tracing() {
    return otlpEndpoint.isPresent();
  }
}
