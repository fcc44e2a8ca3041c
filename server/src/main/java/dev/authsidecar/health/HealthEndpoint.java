package dev.authsidecar.health;

import dev.authsidecar.config.ListenAddress;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plaintext listener that serves only {@code grpc.health.v1.Health}, for kubelet's native gRPC
 * probes: they can neither speak TLS nor reach a loopback address, while the API port is on
 * loopback (sidecar mode) or behind mutual TLS (standalone). Health answers carry nothing secret
 * and this listener offers no other service, so it needs no credentials.
 */
public final class HealthEndpoint implements AutoCloseable {
  /**
   * The health service name that reports whether the process is alive: SERVING from start until
   * shutdown begins, whatever the database does, so that a database outage does not make Kubernetes
   * restart every replica. Readiness is the overall status ({@code ""}).
   */
  public static final String LIVENESS = "liveness";

  private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);

  private final Server server;

  private HealthEndpoint(Server server) {
    this.server = server;
  }

  /** Starts listening where AUTHSIDECAR_HEALTH_LISTEN says, or nothing when it is off. */
  public static Optional<HealthEndpoint> startIfEnabled(
      Optional<ListenAddress> listen, ServerServiceDefinition health) throws IOException {
    if (listen.isEmpty()) {
      return Optional.empty();
    }
    HealthEndpoint endpoint = start(listen.get(), health);
    log.info(
        "health (grpc.health.v1 only, plaintext) on {}:{}", listen.get().host(), endpoint.port());
    return Optional.of(endpoint);
  }

  /** Binds {@code address} (port 0: any free one) and serves {@code health} there. */
  public static HealthEndpoint start(ListenAddress address, ServerServiceDefinition health)
      throws IOException {
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(address.host(), address.port()),
                InsecureServerCredentials.create())
            .addService(health)
            .build()
            .start();
    return new HealthEndpoint(server);
  }

  public int port() {
    return server.getPort();
  }

  /** Stops at once: probes have seen NOT_SERVING while the API port drained. */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
