package dev.authsidecar;

import ch.qos.logback.classic.LoggerContext;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.authsidecar.config.Config;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.config.ConfigLoader;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.health.HealthCommand;
import dev.authsidecar.health.HealthEndpoint;
import dev.authsidecar.logging.AccessLogQueue;
import dev.authsidecar.logging.LogFormat;
import dev.authsidecar.metrics.MetricsEndpoint;
import dev.authsidecar.reseal.ResealCommand;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the sidecar from environment variables; see README.md for the settings. */
public final class Main {
  private Main() {}

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /**
   * A jar cannot carry JVM flags, so a plain {@code java -jar} gets the JVM's own heap ceiling: a
   * quarter of the machine's memory (6 GiB on a 24 GiB host). The sidecar keeps ~25 MiB live, but
   * G1 fills a large young generation before collecting, and the process grew to ~700 MiB under
   * load (docs/performance.md, Start-up and memory). Says so when nobody chose a heap size; the
   * image sets one.
   */
  private static void warnIfHeapUnsized(Logger log) {
    try {
      var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      boolean chosen =
          List.of("MaxHeapSize", "MaxRAMPercentage", "MaxRAM").stream()
              .map(vm::getVMOption)
              .anyMatch(
                  o ->
                      o.getOrigin() != VMOption.Origin.DEFAULT
                          && o.getOrigin() != VMOption.Origin.ERGONOMIC);
      if (!chosen) {
        log.warn(
            "heap ceiling {} MiB was picked by the JVM from the machine's memory, and the process"
                + " grows towards it under load; run with e.g. java -XX:+UseSerialGC -Xmx128m -jar"
                + " (docs/performance.md, Start-up and memory)",
            Runtime.getRuntime().maxMemory() / (1024 * 1024));
      }
    } catch (RuntimeException | LinkageError e) {
      // A JVM without HotSpot's management interface: nothing to advise on.
    }
  }

  public static void main(String[] args) throws Exception {
    // Before the first logger: logback reads the chosen format when it starts.
    LogFormat.select(System.getenv());
    System.setProperty("java.awt.headless", "true");
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Logger log = LoggerFactory.getLogger(Main.class);

    // `reseal`: a one-off command on the same settings (README, Operations, Key rotation).
    if (args.length > 0 && args[0].equals("reseal")) {
      System.exit(ResealCommand.run(System.getenv(), System.out, System.err));
      return;
    }
    // `health`: one gRPC health check, for the Helm test pod (README, Operations, Kubernetes).
    if (args.length > 0 && args[0].equals("health")) {
      System.exit(HealthCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
      return;
    }

    Config config;
    Sidecar sidecar;
    Thread preload;
    try {
      config = ConfigLoader.fromEnvironment(System.getenv());
      // The API's descriptors, gRPC and Netty load while the database migrates; they are needed
      // only when the server is built below. Not before the configuration is known to be valid:
      // a refused start-up does no more than it did (and Netty's native library, loaded from a
      // plain class path on JDK 24+, would add the JVM's warning to its one line on stderr).
      preload = Preload.startTransport();
      sidecar = Sidecar.open(config, Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("authsidecar: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      // Typically the database: unreachable, wrong credentials, or a failed migration.
      System.err.println("authsidecar: cannot start: " + rootCause(e));
      System.exit(1);
      return;
    }

    AccessLogQueue.bind(sidecar.meters());
    Preload.join(preload);
    SidecarServer server =
        sidecar
            .server(
                NettyServerBuilder.forAddress(
                        new InetSocketAddress(config.listenHost(), config.listenPort()),
                        sidecar.credentials())
                    .permitKeepAliveTime(10, TimeUnit.SECONDS))
            .start();
    log.info(
        "authsidecar listening on {}:{} ({}, {} database)",
        config.listenHost(),
        server.port(),
        config.access().tls().map(t -> t.mutual() ? "mutual TLS" : "TLS").orElse("plaintext"),
        config.database().embedded() ? "embedded H2" : "PostgreSQL");

    warnIfHeapUnsized(log);

    // Metrics (README, Operations, Metrics): Prometheus text format on /metrics, unless off.
    Optional<MetricsEndpoint> metricsEndpoint =
        MetricsEndpoint.startIfEnabled(config.metrics(), sidecar.meters());
    // Kubelet's gRPC probes (README, Operations, Kubernetes): health only, plaintext, unless off.
    Optional<HealthEndpoint> healthEndpoint =
        HealthEndpoint.startIfEnabled(config.healthListen(), sidecar.healthService());

    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("shutdown")
                .unstarted(
                    () -> {
                      log.info("shutting down: finishing in-flight calls");
                      try {
                        server.stop();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      } finally {
                        // After the drain, during which probes saw NOT_SERVING.
                        healthEndpoint.ifPresent(HealthEndpoint::close);
                        metricsEndpoint.ifPresent(MetricsEndpoint::close);
                        sidecar.close();
                        log.info("stopped");
                        // Writes out the access log lines still queued (AccessLogQueue).
                        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                          logback.stop();
                        }
                      }
                    }));
    server.blockUntilShutdown();
  }
}
