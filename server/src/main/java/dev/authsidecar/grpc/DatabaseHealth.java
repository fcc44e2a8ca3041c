package dev.authsidecar.grpc;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reports grpc.health.v1 status from database reachability: a sidecar that cannot reach its
 * database cannot decide anything, so it says NOT_SERVING until the database answers again.
 */
public final class DatabaseHealth {
  private final HealthStatusManager health;
  private final BooleanSupplier databaseUp;
  private final List<String> services;
  private volatile boolean stopping;

  public DatabaseHealth(
      HealthStatusManager health, BooleanSupplier databaseUp, List<String> services) {
    this.health = health;
    this.databaseUp = databaseUp;
    this.services = services;
  }

  /** Checks the database once and publishes the result for the server and every service. */
  public void check() {
    if (stopping) {
      return;
    }
    ServingStatus status =
        databaseUp.getAsBoolean() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    services.forEach(service -> health.setStatus(service, status));
  }

  /** Tells load balancers to stop sending calls before the server drains. */
  public void enterShutdown() {
    stopping = true;
    health.enterTerminalState();
  }
}
