package dev.authsidecar.testing;

import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeResponse;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two sidecar instances (separate pools, separate in-memory caches) sharing one database, and a way
 * to send them calls at the same moment: only the database's atomic statements can keep the
 * decisions single. Also the calls of {@link Calls}, shortened for either replica.
 */
public abstract class TwoReplicasTestBase extends SidecarTestBase {
  protected TestSidecar replicaB;
  private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void startSecondReplica() {
    replicaB = TestSidecar.start(database.config(), clock);
  }

  @AfterEach
  void stopSecondReplica() throws InterruptedException {
    pool.shutdownNow();
    replicaB.close();
  }

  /** Starts both calls at the same moment and returns both answers, A's first. */
  protected <T> List<T> race(Callable<T> onA, Callable<T> onB) throws Exception {
    return raceAll(List.of(onA, onB));
  }

  /** Starts every call at the same moment and returns the answers in order. */
  protected <T> List<T> raceAll(List<Callable<T>> calls) throws Exception {
    return Races.raceAll(pool, calls);
  }

  // The calls of Calls, shortened for tests that send them to either replica.

  protected List<String> generate(TestSidecar on, String user) {
    return Calls.generate(on, user, 0);
  }

  protected VerifyCodeResponse verifyCode(
      TestSidecar on, String user, String code, String requestId) {
    return Calls.verifyCode(on, user, code, requestId);
  }

  protected VerifyCodeResponse verifyCode(String user, String code) {
    return Calls.verifyCode(sidecar, user, code, "");
  }

  protected RecoveryCodeServiceVerifyCodeResponse recoveryCode(
      TestSidecar on, String user, String code, String requestId) {
    return Calls.recoveryCode(on, user, code, requestId);
  }

  /** An admin reset; returns the temporary code. */
  protected String reset(TestSidecar on, String user) {
    return Calls.reset(on, user, "helpdesk", "test").getTemporaryCode();
  }

  protected void delete(TestSidecar on, String user) {
    Calls.delete(on, user);
  }

  protected GetStatusResponse status(String user) {
    return Calls.status(sidecar, user);
  }

  /** Rows in a table, read over a connection of its own. */
  protected long rows(String table) throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
