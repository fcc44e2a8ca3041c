package dev.authsidecar.grpc;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports grpc.health.v1 status from database reachability: a sidecar that cannot reach its
 * database cannot decide anything, so it says NOT_SERVING until the database answers again.
 *
 * <p>A call that finds the database gone reports it ({@link #markDown}) and health turns
 * NOT_SERVING at once; only a periodic {@link #check} that reaches the database turns it back.
 */
public final class DatabaseHealth {
  private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

  private final HealthStatusManager health;
  private final BooleanSupplier databaseUp;
  private final List<String> services;
  private volatile boolean stopping;
  private ServingStatus published;

  /** Counts {@link #markDown} calls, so that a check that began before one does not undo it. */
  private final AtomicLong outages = new AtomicLong();

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
    long outagesBefore = outages.get();
    boolean up = databaseUp.getAsBoolean();
    synchronized (this) {
      if (up && outages.get() != outagesBefore) {
        // A call saw the database gone while this ping ran: the next check decides.
        return;
      }
      publish(up ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
  }

  /** A call found the database unreachable: NOT_SERVING now, until a check reaches it again. */
  public void markDown() {
    outages.incrementAndGet();
    synchronized (this) {
      if (published != ServingStatus.NOT_SERVING) {
        log.warn("database unreachable from a call: reporting NOT_SERVING until it answers again");
      }
      publish(ServingStatus.NOT_SERVING);
    }
  }

  private void publish(ServingStatus status) {
    if (stopping) {
      return;
    }
    published = status;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    services.forEach(service -> health.setStatus(service, status));
  }

  /** Tells load balancers to stop sending calls before the server drains. */
  public void enterShutdown() {
    synchronized (this) {
      stopping = true;
    }
    health.enterTerminalState();
  }
}
