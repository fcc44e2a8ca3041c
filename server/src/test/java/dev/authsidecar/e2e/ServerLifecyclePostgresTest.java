package dev.authsidecar.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.config.DatabaseConfig;
import dev.authsidecar.health.HealthEndpoint;
import dev.authsidecar.testing.Enrollments;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TcpProxy;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle against a real PostgreSQL: with its database gone the sidecar fails closed (UNAVAILABLE
 * and NOT_SERVING, never ACCEPTED); on shutdown it finishes in-flight calls.
 */
@PostgresSuite
class ServerLifecyclePostgresTest {
  private final MutableClock clock = MutableClock.atStepStart();

  @Test
  void databaseOutage_failsClosedAndRecovers() throws Exception {
    try (TestDatabase database = TestDatabase.postgres()) {
      DatabaseConfig direct = database.config();
      URI target = URI.create(direct.url().substring("jdbc:".length()));
      try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
          TestSidecar sidecar = TestSidecar.start(viaProxy(direct, target, proxy), clock)) {
        VerifyRequest valid = enrollAndTakeNextCode(sidecar);

        proxy.cut();

        StatusRuntimeException failure =
            catchThrowableOfType(StatusRuntimeException.class, () -> sidecar.totp().verify(valid));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure.getStatus().getDescription()).doesNotContain("postgres", "jdbc");
        awaitUntil(() -> status(sidecar) == ServingStatus.NOT_SERVING);
        // Not ready, but alive: a liveness probe must not restart replicas over a database outage.
        assertThat(status(sidecar, HealthEndpoint.LIVENESS)).isEqualTo(ServingStatus.SERVING);

        proxy.restore();

        awaitUntil(() -> status(sidecar) == ServingStatus.SERVING);
        assertThat(sidecar.totp().verify(valid).getResult())
            .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      }
    }
  }

  @Test
  void databaseOutage_turnsHealthNotServingWithTheFirstFailedCall() throws Exception {
    try (TestDatabase database = TestDatabase.postgres()) {
      DatabaseConfig direct = database.config();
      URI target = URI.create(direct.url().substring("jdbc:".length()));
      try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
          TestSidecar sidecar = TestSidecar.start(viaProxy(direct, target, proxy), clock)) {
        VerifyRequest valid = enrollAndTakeNextCode(sidecar);
        assertThat(status(sidecar)).isEqualTo(ServingStatus.SERVING);

        proxy.cut();
        StatusRuntimeException failure =
            catchThrowableOfType(StatusRuntimeException.class, () -> sidecar.totp().verify(valid));

        // No waiting for the periodic check: the failed call itself turned health off.
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status(sidecar)).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(status(sidecar, TotpServiceGrpc.SERVICE_NAME))
            .isEqualTo(ServingStatus.NOT_SERVING);

        proxy.restore();

        // The periodic check (every 2 s) sees the database answer again.
        awaitUntil(() -> status(sidecar) == ServingStatus.SERVING);
        assertThat(status(sidecar, TotpServiceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
        assertThat(sidecar.totp().verify(valid).getResult())
            .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      }
    }
  }

  @Test
  void stop_reportsNotServingAndFinishesInFlightCalls() throws Exception {
    try (TestDatabase database = TestDatabase.postgres();
        TestSidecar sidecar = TestSidecar.start(database.config(), clock);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      VerifyRequest valid = enrollAndTakeNextCode(sidecar);
      // Watch health on a stream opened before the shutdown: new calls are refused after it.
      Context.CancellableContext watching = Context.current().withCancellation();
      Iterator<HealthCheckResponse> updates =
          watching.call(() -> sidecar.health().watch(HealthCheckRequest.getDefaultInstance()));
      assertThat(updates.next().getStatus()).isEqualTo(ServingStatus.SERVING);

      // Hold the user's row so that a Verify is still running when the shutdown begins.
      try (Connection lock = database.connect()) {
        lock.setAutoCommit(false);
        lock.createStatement().execute("SELECT * FROM accounts WHERE user_id = 'u' FOR UPDATE");
        Future<VerifyResponse> inFlight = threads.submit(() -> sidecar.totp().verify(valid));
        awaitUntil(() -> waitingOnLock(database));
        Future<?> stopping =
            threads.submit(
                () -> {
                  sidecar.server().stop();
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
    }
  }

  private VerifyRequest enrollAndTakeNextCode(TestSidecar sidecar) {
    Enrolled enrolled = Enrollments.enroll(sidecar.totp(), "u", clock);
    clock.advance(Duration.ofSeconds(30));
    return VerifyRequest.newBuilder().setUserId("u").setCode(enrolled.app().code()).build();
  }

  private static DatabaseConfig viaProxy(DatabaseConfig direct, URI target, TcpProxy proxy) {
    String url =
        direct
            .url()
            .replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port());
    return new DatabaseConfig(url, direct.user(), direct.password(), 4, Duration.ofSeconds(1));
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

  private static ServingStatus status(TestSidecar sidecar) {
    return status(sidecar, "");
  }

  private static ServingStatus status(TestSidecar sidecar, String service) {
    return sidecar
        .health()
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition not met in time").isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
