package dev.authsidecar.tls;

import dev.authsidecar.Sidecar;
import dev.authsidecar.caller.CallersSource;
import dev.authsidecar.config.AccessConfig;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A sidecar on a real port with TLS, as Main starts it, reloading its files every 100 ms. Uses the
 * system clock: certificate validity is checked against it.
 */
final class TlsTestServer implements AutoCloseable {
  static final Duration RELOAD = Duration.ofMillis(100);

  private final TestDatabase database = TestDatabase.h2();
  private final Sidecar sidecar;
  private final SidecarServer server;

  TlsTestServer(Path callersFile, TlsSettings tls) throws Exception {
    AccessConfig access =
        new AccessConfig(
            Optional.of(new CallersSource.FromFile(callersFile)), Optional.of(tls), false, RELOAD);
    sidecar =
        Sidecar.open(TestSidecar.config(database.config()).withAccess(access), Clock.systemUTC());
    server =
        sidecar
            .server(
                NettyServerBuilder.forAddress(
                    new InetSocketAddress("127.0.0.1", 0), sidecar.credentials()))
            .start();
  }

  /** A channel to the server by the name its certificate carries. */
  ManagedChannel channel(ChannelCredentials credentials) {
    return Grpc.newChannelBuilderForAddress("localhost", server.port(), credentials).build();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    sidecar.close();
    database.close();
  }
}
