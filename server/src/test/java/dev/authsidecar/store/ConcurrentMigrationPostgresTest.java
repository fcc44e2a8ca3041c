package dev.authsidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.Sidecar;
import dev.authsidecar.config.DatabaseConfig;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Replicas of a Deployment start at once against a fresh database (README, Operations, Kubernetes):
 * Flyway's advisory lock on PostgreSQL makes them migrate one after another, so every one comes up
 * and each migration is applied exactly once.
 */
@PostgresSuite
class ConcurrentMigrationPostgresTest {
  private static final int REPLICAS = 4;

  @Test
  void replicasStartingAtOnceOnAnEmptySchema_allStartAndMigrateOnce() throws Exception {
    try (TestDatabase database = TestDatabase.postgres()) {
      DatabaseConfig config = database.config();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService starters = Executors.newFixedThreadPool(REPLICAS);
      List<Future<Sidecar>> starting = new ArrayList<>();
      for (int i = 0; i < REPLICAS; i++) {
        starting.add(
            starters.submit(
                () -> {
                  go.await();
                  return Sidecar.open(TestSidecar.config(config), MutableClock.atStepStart());
                }));
      }
      go.countDown();
      List<Sidecar> started = new ArrayList<>();
      try {
        for (Future<Sidecar> replica : starting) {
          started.add(replica.get(60, TimeUnit.SECONDS));
        }
      } finally {
        started.forEach(Sidecar::close);
        starters.shutdownNow();
      }

      assertThat(started).hasSize(REPLICAS);
      assertThat(appliedMigrations(config)).containsExactly("1", "2", "3", "4");
    }
  }

  /** The successful versioned migrations in Flyway's history, in the order applied. */
  private static List<String> appliedMigrations(DatabaseConfig config) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT version FROM flyway_schema_history"
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
      List<String> versions = new ArrayList<>();
      while (rows.next()) {
        versions.add(rows.getString(1));
      }
      return versions;
    }
  }
}
