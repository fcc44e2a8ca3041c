package dev.authsidecar.grpc;

import io.grpc.Server;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the gRPC server's lifecycle. It receives a fully configured server (so tests pass an
 * in-process one) and a hook to run before draining.
 */
public final class SidecarServer {
  private static final Logger log = LoggerFactory.getLogger(SidecarServer.class);

  private final Server server;
  private final Runnable beforeDrain;
  private final Duration grace;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public SidecarServer(Server server, Runnable beforeDrain, Duration grace) {
    this.server = server;
    this.beforeDrain = beforeDrain;
    this.grace = grace;
  }

  public SidecarServer start() throws IOException {
    server.start();
    return this;
  }

  public int port() {
    return server.getPort();
  }

  /**
   * Graceful stop: report NOT_SERVING, refuse new calls, let in-flight calls finish within the
   * grace period, then cancel what is left.
   */
  public void stop() throws InterruptedException {
    if (!stopping.compareAndSet(false, true)) {
      server.awaitTermination();
      return;
    }
    beforeDrain.run();
    server.shutdown();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("calls still running after {}; cancelling them", grace);
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
  }
}
