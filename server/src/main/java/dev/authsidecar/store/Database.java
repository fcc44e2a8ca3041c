package dev.authsidecar.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.authsidecar.config.DatabaseConfig;
import dev.authsidecar.metrics.StatementTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DefaultConfiguration;

/**
 * The connection pool, the schema (Flyway migrations, applied at start-up) and the jOOQ context
 * that store implementations share. The same code runs on PostgreSQL and H2.
 */
public final class Database implements AutoCloseable {
  /** A statement that runs longer than this is cancelled and the call fails as UNAVAILABLE. */
  private static final int QUERY_TIMEOUT_SECONDS = 5;

  private final HikariDataSource dataSource;
  private final DSLContext dsl;

  private Database(HikariDataSource dataSource, SQLDialect dialect, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.dsl =
        new DefaultConfiguration()
            .set(new IsolationRememberingConnections(dataSource))
            .set(dialect)
            .set(
                new Settings()
                    .withQueryTimeout(QUERY_TIMEOUT_SECONDS)
                    .withExecuteLogging(false)
                    .withRenderSchema(false))
            // A call whose deadline passed or whose client left does no more database work;
            // every statement's duration is measured.
            .set(new CallDeadlines(), new StatementTimer(meters))
            .dsl();
  }

  /**
   * Opens the pool and migrates the schema to the newest version. The pool's own meters and the
   * statement timings go to {@code meters}.
   */
  public static Database open(DatabaseConfig config, MeterRegistry meters) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("authsidecar-db");
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(config.connectTimeout().toMillis());
    hikari.setValidationTimeout(Math.min(config.connectTimeout().toMillis(), 1_000));
    // Start even if the database is down: health reports NOT_SERVING until it answers.
    hikari.setInitializationFailTimeout(-1);
    hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      return new Database(
          dataSource, config.embedded() ? SQLDialect.H2 : SQLDialect.POSTGRES, meters);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public DSLContext dsl() {
    return dsl;
  }

  /** True when the database answers a trivial query within the pool's timeouts. */
  public boolean ping() {
    try {
      dsl.selectOne().fetch();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
