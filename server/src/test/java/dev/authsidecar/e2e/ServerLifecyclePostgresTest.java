package dev.authsidecar.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authsidecar.Sidecar;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.config.DatabaseConfig;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TcpProxy;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.totp.TotpPolicy;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle against a real PostgreSQL: with its database gone the sidecar fails closed (UNAVAILABLE
 * and NOT_SERVING, never ACCEPTED); on shutdown it finishes in-flight calls.
 */
@PostgresSuite
class ServerLifecyclePostgresTest {

  @Test
  void databaseOutage_failsClosedAndRecovers() throws Exception {
    MutableClock clock = MutableClock.atStepStart();
    try (TestDatabase database = TestDatabase.postgres()) {
      DatabaseConfig direct = database.config();
      URI target = URI.create(direct.url().substring("jdbc:".length()));
      try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
        String viaProxy =
            direct
                .url()
                .replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port());
        DatabaseConfig config =
            new DatabaseConfig(
                viaProxy, direct.user(), direct.password(), 4, Duration.ofSeconds(1));
        Sidecar sidecar = Sidecar.open(TestSidecar.config(config, TotpPolicy.DEFAULT), clock);
        String name = InProcessServerBuilder.generateName();
        SidecarServer server = sidecar.server(InProcessServerBuilder.forName(name)).start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
          var totp = TotpServiceGrpc.newBlockingStub(channel);
          var health = HealthGrpc.newBlockingStub(channel);
          var begun =
              totp.beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId("u").build());
          Authenticator app = Authenticator.scanning(begun, clock);
          totp.confirmEnrollment(
              ConfirmEnrollmentRequest.newBuilder()
                  .setEnrollmentId(begun.getEnrollmentId())
                  .setCode(app.code())
                  .build());
          clock.advance(Duration.ofSeconds(30));
          VerifyRequest valid =
              VerifyRequest.newBuilder().setUserId("u").setCode(app.code()).build();

          proxy.cut();

          StatusRuntimeException failure =
              catchThrowableOfType(StatusRuntimeException.class, () -> totp.verify(valid));
          assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(failure.getStatus().getDescription()).doesNotContain("postgres", "jdbc");
          awaitUntil(() -> status(health) == ServingStatus.NOT_SERVING);

          proxy.restore();

          awaitUntil(() -> status(health) == ServingStatus.SERVING);
          assertThat(totp.verify(valid).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
        } finally {
          channel.shutdownNow();
          server.stop();
          sidecar.close();
        }
      }
    }
  }

  @Test
  void stop_reportsNotServingAndFinishesInFlightCalls() throws Exception {
    MutableClock clock = MutableClock.atStepStart();
    try (TestDatabase database = TestDatabase.postgres()) {
      Sidecar sidecar =
          Sidecar.open(TestSidecar.config(database.config(), TotpPolicy.DEFAULT), clock);
      String name = InProcessServerBuilder.generateName();
      SidecarServer server = sidecar.server(InProcessServerBuilder.forName(name)).start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
      try {
        var totp = TotpServiceGrpc.newBlockingStub(channel);
        var health = HealthGrpc.newBlockingStub(channel);
        var begun =
            totp.beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId("u").build());
        Authenticator app = Authenticator.scanning(begun, clock);
        totp.confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(begun.getEnrollmentId())
                .setCode(app.code())
                .build());
        clock.advance(Duration.ofSeconds(30));

        // Watch health on a stream opened before the shutdown: new calls are refused after it.
        Context.CancellableContext watching = Context.current().withCancellation();
        Iterator<HealthCheckResponse> updates =
            watching.call(() -> health.watch(HealthCheckRequest.getDefaultInstance()));
        assertThat(updates.next().getStatus()).isEqualTo(ServingStatus.SERVING);

        // Hold the user's row so that a Verify is still running when the shutdown begins.
        try (Connection lock = database.connect()) {
          lock.setAutoCommit(false);
          lock.createStatement().execute("SELECT * FROM accounts WHERE user_id = 'u' FOR UPDATE");
          Future<VerifyResponse> inFlight =
              threads.submit(
                  () ->
                      totp.verify(
                          VerifyRequest.newBuilder().setUserId("u").setCode(app.code()).build()));
          awaitUntil(() -> waitingOnLock(database));
          Future<?> stopping =
              threads.submit(
                  () -> {
                    server.stop();
                    return null;
                  });
          assertThat(updates.next().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
          watching.cancel(null);
          assertThat(stopping.isDone()).isFalse();

          lock.rollback();

          assertThat(inFlight.get(10, TimeUnit.SECONDS).getResult())
              .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
          stopping.get(10, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
        channel.shutdownNow();
        server.stop();
        sidecar.close();
      }
    }
  }

  private static boolean waitingOnLock(TestDatabase database) {
    try (Connection c = database.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
      rs.next();
      return rs.getInt(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ServingStatus status(HealthGrpc.HealthBlockingStub health) {
    return health.check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  private static void awaitUntil(Supplier<Boolean> condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.get()) {
      assertThat(Instant.now()).as("condition not met in time").isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
