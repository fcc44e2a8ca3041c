package dev.authsidecar.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.Sidecar;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.config.ConfigLoader;
import dev.authsidecar.config.ListenAddress;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health-only listener kubelet probes use (AUTHSIDECAR_HEALTH_LISTEN), on a real port, and the
 * {@code health} command the Helm test pod runs against it.
 */
class HealthEndpointTest {
  private TestDatabase database;
  private Sidecar sidecar;
  private SidecarServer server;
  private HealthEndpoint endpoint;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.h2();
    sidecar = Sidecar.open(TestSidecar.config(database.config()), MutableClock.atStepStart());
    server = sidecar.server(InProcessServerBuilder.forName(InProcessServerBuilder.generateName()));
    server.start();
    endpoint = HealthEndpoint.start(new ListenAddress("127.0.0.1", 0), sidecar.healthService());
    channel = Grpc.newChannelBuilder(target(), InsecureChannelCredentials.create()).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    endpoint.close();
    server.stop();
    sidecar.close();
    database.close();
  }

  @Test
  void answersReadinessAndLivenessWithoutCredentials() {
    assertThat(status("")).isEqualTo(ServingStatus.SERVING);
    assertThat(status(HealthEndpoint.LIVENESS)).isEqualTo(ServingStatus.SERVING);
    assertThat(status(AccountServiceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void servesNothingButHealth() {
    assertThatThrownBy(
            () ->
                AccountServiceGrpc.newBlockingStub(channel)
                    .getStatus(GetStatusRequest.newBuilder().setUserId("u-1").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  @Test
  void shutdown_turnsReadinessAndLivenessNotServing() throws Exception {
    server.stop();

    assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(status(HealthEndpoint.LIVENESS)).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(command(target())).isEqualTo(new Outcome(1, "", target() + ": NOT_SERVING"));
  }

  @Test
  void command_exitsZeroOnlyWhenServing() throws Exception {
    assertThat(command(target())).isEqualTo(new Outcome(0, target() + ": SERVING", ""));
    assertThat(command("--service", "liveness", target()).status()).isZero();
    assertThat(command("--service", "nope", target()))
        .isEqualTo(new Outcome(1, "", target() + " service 'nope': unknown service"));

    String closed = "127.0.0.1:" + freePort();
    Outcome unreachable = command(closed);
    assertThat(unreachable.status()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith(closed + ": UNAVAILABLE");
  }

  @Test
  void command_refusesUnknownArguments() {
    Outcome usage = command("--verbose");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).startsWith("usage: authsidecar health");
    assertThat(command("a:1", "b:2").status()).isEqualTo(2);
  }

  @Test
  void setting_isOffUnlessGivenAndNamesItselfWhenWrong() {
    assertThat(ConfigLoader.fromEnvironment(Map.of()).healthListen()).isEmpty();
    assertThat(healthListen("off")).isEmpty();
    assertThat(healthListen("0.0.0.0:50052")).contains(new ListenAddress("0.0.0.0", 50052));
    for (String bad : new String[] {"50052", "0.0.0.0:health", "0.0.0.0:0"}) {
      assertThatThrownBy(() -> healthListen(bad))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("AUTHSIDECAR_HEALTH_LISTEN");
    }
  }

  private static Optional<ListenAddress> healthListen(String value) {
    return ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_HEALTH_LISTEN", value)).healthListen();
  }

  private String target() {
    return "127.0.0.1:" + endpoint.port();
  }

  private ServingStatus status(String service) {
    return HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private record Outcome(int status, String out, String err) {}

  private static Outcome command(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        HealthCommand.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        status,
        out.toString(StandardCharsets.UTF_8).strip(),
        err.toString(StandardCharsets.UTF_8).strip());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
