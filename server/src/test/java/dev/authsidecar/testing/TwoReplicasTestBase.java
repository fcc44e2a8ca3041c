package dev.authsidecar.testing;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two sidecar instances (separate pools, separate in-memory caches) sharing one database, and a way
 * to send them calls at the same moment: only the database's atomic statements can keep the
 * decisions single.
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
}
