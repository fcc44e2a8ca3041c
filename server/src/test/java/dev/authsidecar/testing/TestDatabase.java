package dev.authsidecar.testing;

import dev.authsidecar.config.ConfigLoader;
import dev.authsidecar.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test: an H2 in-memory database, or a new schema in the PostgreSQL
 * that AUTHSIDECAR_TEST_PG_URL names. The sidecar's own Flyway migrations fill it.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String PG_URL = "AUTHSIDECAR_TEST_PG_URL";
  public static final String PG_USER = "AUTHSIDECAR_TEST_PG_USER";
  public static final String PG_PASSWORD = "AUTHSIDECAR_TEST_PG_PASSWORD";

  private final DatabaseConfig config;
  private final Runnable drop;

  private TestDatabase(DatabaseConfig config, Runnable drop) {
    this.config = config;
    this.drop = drop;
  }

  public static TestDatabase h2() {
    String url =
        "jdbc:h2:mem:t"
            + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1;"
            + ConfigLoader.H2_MODE;
    return new TestDatabase(
        new DatabaseConfig(url, "sa", "", 10, Duration.ofSeconds(2)),
        () -> run(url, "sa", "", "SHUTDOWN"));
  }

  public static boolean postgresConfigured() {
    String url = System.getenv(PG_URL);
    return url != null && !url.isBlank();
  }

  public static TestDatabase postgres() {
    String base = System.getenv(PG_URL);
    String user = System.getenv().getOrDefault(PG_USER, "authsidecar");
    String password = System.getenv().getOrDefault(PG_PASSWORD, "authsidecar");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    run(base, user, password, "CREATE SCHEMA " + schema);
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase(
        new DatabaseConfig(url, user, password, 10, Duration.ofSeconds(2)),
        () -> run(base, user, password, "DROP SCHEMA " + schema + " CASCADE"));
  }

  public DatabaseConfig config() {
    return config;
  }

  /** Runs a statement on a connection of its own, outside the sidecar's pool. */
  public void execute(String sql) {
    run(config.url(), config.user(), config.password(), sql);
  }

  /** Opens a plain JDBC connection, for tests that inspect raw tables. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(config.url(), config.user(), config.password());
  }

  @Override
  public void close() {
    drop.run();
  }

  private static void run(String url, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database statement failed: " + sql, e);
    }
  }
}
