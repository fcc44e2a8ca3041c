package dev.authsidecar.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** Health follows the database: at once when a call finds it gone, back on the next check. */
class DatabaseHealthTest {
  private static final String SERVICE = "authsidecar.v1.TotpService";

  private final HealthStatusManager manager = new HealthStatusManager();
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);
  private final DatabaseHealth health =
      new DatabaseHealth(manager, databaseUp::get, List.of(SERVICE));

  @Test
  void markDown_reportsNotServingAtOnceUntilACheckReachesTheDatabase() {
    health.check();
    assertThat(status("")).isEqualTo(ServingStatus.SERVING);

    health.markDown();

    assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(status(SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);

    health.check();

    assertThat(status("")).isEqualTo(ServingStatus.SERVING);
    assertThat(status(SERVICE)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void check_thatPingedBeforeACallSawTheOutage_doesNotUndoIt() {
    DatabaseHealth[] self = new DatabaseHealth[1];
    self[0] =
        new DatabaseHealth(
            manager,
            () -> {
              self[0].markDown(); // a call fails while the ping is still on its way back
              return true;
            },
            List.of(SERVICE));

    self[0].check();

    assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void markDown_afterShutdownBegan_changesNothing() {
    health.check();
    health.enterShutdown();

    health.markDown();
    health.check();

    assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void statusOf_lostConnection_isUnavailableAndReportsTheOutage() {
    AtomicInteger outages = new AtomicInteger();
    var mapper = new ErrorMappingInterceptor(outages::incrementAndGet);

    Status status =
        mapper.statusOf(
            new DataAccessException(
                "x", new SQLException("I/O error while sending to the backend", "08006")),
            "m");

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(outages).hasValue(1);
  }

  @Test
  void statusOf_poolTimeoutAfterRefusedConnections_reportsTheOutage() {
    AtomicInteger outages = new AtomicInteger();
    var mapper = new ErrorMappingInterceptor(outages::incrementAndGet);
    SQLException refused = new SQLException("Connection refused", "08001");

    Status status =
        mapper.statusOf(
            new DataAccessException(
                "x",
                new SQLTransientConnectionException(
                    "Connection is not available, request timed out", "08001", refused)),
            "m");

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(outages).hasValue(1);
  }

  @Test
  void statusOf_busyDatabase_isUnavailableButKeepsServing() {
    AtomicInteger outages = new AtomicInteger();
    var mapper = new ErrorMappingInterceptor(outages::incrementAndGet);

    for (SQLException busy :
        List.of(
            new SQLException("could not serialize access", "40001"),
            new SQLException("canceling statement due to statement timeout", "57014"),
            new SQLTransientConnectionException("Connection is not available (pool busy)"))) {
      Status status = mapper.statusOf(new DataAccessException("x", busy), "m");
      assertThat(status.getCode()).as(busy.getMessage()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    assertThat(outages).hasValue(0);
  }

  private ServingStatus status(String service) {
    AtomicReference<HealthCheckResponse> answer = new AtomicReference<>();
    ((HealthGrpc.AsyncService) manager.getHealthService())
        .check(
            HealthCheckRequest.newBuilder().setService(service).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(HealthCheckResponse response) {
                answer.set(response);
              }

              @Override
              public void onError(Throwable t) {
                throw new AssertionError(t);
              }

              @Override
              public void onCompleted() {}
            });
    return answer.get().getStatus();
  }
}
