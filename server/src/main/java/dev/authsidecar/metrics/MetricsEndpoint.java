package dev.authsidecar.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} in the Prometheus text format with the JDK's HTTP server. It has no
 * authentication: the meters carry no user ids, codes or secrets, and it listens on loopback unless
 * configured otherwise.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** Prometheus text exposition format 0.0.4, which every scraper and parser reads. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts serving where {@code settings} say, or nothing when they say off. */
  public static Optional<MetricsEndpoint> startIfEnabled(
      MetricsSettings settings, PrometheusMeterRegistry registry) throws IOException {
    if (!settings.enabled()) {
      log.info("metrics endpoint off (AUTHSIDECAR_METRICS_LISTEN=off)");
      return Optional.empty();
    }
    MetricsEndpoint endpoint = start(settings.host(), settings.port(), registry);
    log.info("metrics on http://{}:{}/metrics", settings.host(), endpoint.port());
    return Optional.of(endpoint);
  }

  /** Binds {@code host:port} (port 0: any free one) and starts serving. */
  public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", exchange -> serve(exchange, registry));
    // One scrape at a time is plenty; a virtual thread keeps it off the platform threads.
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return new MetricsEndpoint(server);
  }

  private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
