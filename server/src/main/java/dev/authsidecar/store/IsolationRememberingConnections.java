package dev.authsidecar.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

/**
 * jOOQ's connections from the pool, answering {@link Connection#getTransactionIsolation} from
 * memory.
 *
 * <p>jOOQ's transaction provider reads the isolation level at the start of every transaction, to
 * put it back should the transaction have asked for another one (the sidecar never does), and the
 * PostgreSQL driver answers that read with a round trip to the server: one of the few round trips a
 * verification costs. The sidecar never changes the isolation level, so the level the first
 * connection reports is remembered and given to every later read.
 */
final class IsolationRememberingConnections implements ConnectionProvider {
  private final DataSource pool;
  private volatile Integer isolation;

  IsolationRememberingConnections(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Connection acquire() {
    try {
      Connection connection = pool.getConnection();
      if (isolation == null) {
        isolation = connection.getTransactionIsolation();
      }
      return remembering(connection, isolation);
    } catch (SQLException e) {
      throw new DataAccessException("could not acquire a connection", e);
    }
  }

  @Override
  public void release(Connection connection) {
    try {
      connection.close(); // back to the pool
    } catch (SQLException e) {
      throw new DataAccessException("could not release a connection", e);
    }
  }

  private static Connection remembering(Connection connection, int isolation) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getTransactionIsolation")) {
                return isolation;
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
