package dev.authsidecar.demo;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the login demo: AUTHSIDECAR_ADDRESS (default 127.0.0.1:50051) names the sidecar, DEMO_PORT
 * (default 8080) the port of the web page on the loopback interface, and AUTHSIDECAR_TOKEN_FILE (or
 * AUTHSIDECAR_TOKEN) the demo's caller token when the sidecar has callers configured.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String sidecar = env("AUTHSIDECAR_ADDRESS", "127.0.0.1:50051");
    int port = Integer.parseInt(env("DEMO_PORT", "8080"));

    // A sidecar on localhost needs no TLS; across hosts use TlsChannelCredentials instead.
    ManagedChannel channel =
        Grpc.newChannelBuilder(sidecar, InsecureChannelCredentials.create()).build();
    Optional<CallCredentials> token = callerToken();
    DemoServer server =
        DemoServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), channel, token);
    System.out.printf(
        "login demo on http://localhost:%d (sidecar at %s)%n", server.port(), sidecar);

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  channel.shutdown();
                  try {
                    channel.awaitTermination(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
  }

  /** Without a token the sidecar must run without callers (its local, sign-in-only mode). */
  private static Optional<CallCredentials> callerToken() throws IOException {
    String file = env("AUTHSIDECAR_TOKEN_FILE", "");
    String token =
        file.isEmpty() ? env("AUTHSIDECAR_TOKEN", "") : Files.readString(Path.of(file)).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(new CallerToken(token));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
