package dev.authsidecar.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.store.Database;
import dev.authsidecar.store.JooqEventStore;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events written off the request path (replays refused from memory, issue 12) are not lost: reads
 * see them at once, a clean shutdown writes them, a full queue falls back to writing them in the
 * call, and an erased user's events are not written after the erasure. On the database the subclass
 * picks.
 */
public abstract class BatchingEventLogContract extends SidecarTestBase {
  private static final String USER = "ada";

  private Database db;
  private JooqEventStore store;

  @BeforeEach
  void openDatabase() {
    db = Database.open(database.config(), new SimpleMeterRegistry());
    store = new JooqEventStore(db.dsl());
    enroll(USER); // the user's accounts row, as a replay implies
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Test
  void eventsRecordedSoon_areSeenByTheNextRead_inOrder() {
    try (BatchingEventLog log = new BatchingEventLog(store)) {
      long before = log.newestId();
      for (int i = 0; i < 300; i++) {
        log.recordSoon(replayed(USER, i), clock.instant());
      }

      List<StoredEvent> read = log.after(Optional.of(USER), before, 1_000);

      assertThat(read)
          .extracting(e -> e.details().get("n"))
          .containsExactlyElementsOf(numbers(300));
    }
  }

  @Test
  void close_writesEveryEventItTook() {
    long before = store.newestId();
    BatchingEventLog log = new BatchingEventLog(store);
    for (int i = 0; i < 2_000; i++) {
      log.recordSoon(replayed(USER, i), clock.instant());
    }

    log.close();

    assertThat(store.after(Optional.of(USER), before, 5_000))
        .extracting(e -> e.details().get("n"))
        .containsExactlyElementsOf(numbers(2_000));
  }

  @Test
  void aFullQueue_makesTheCallerWriteItsEvent() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    EventLog slow =
        new EventLog() {
          @Override
          public void record(EventDraft event, Instant at) {
            store.record(event, at);
          }

          @Override
          public void recordAll(List<Timed> events) {
            writing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            store.recordAll(events);
          }

          @Override
          public List<StoredEvent> after(Optional<String> userId, long afterId, int limit) {
            return store.after(userId, afterId, limit);
          }

          @Override
          public long newestId() {
            return store.newestId();
          }
        };
    long before = store.newestId();
    try (BatchingEventLog log = new BatchingEventLog(slow)) {
      log.recordSoon(replayed(USER, -1), clock.instant()); // the batch the writer is stuck on
      writing.await();
      for (int i = 0; i < BatchingEventLog.CAPACITY; i++) {
        log.recordSoon(replayed(USER, i), clock.instant());
      }

      log.recordSoon(replayed(USER, BatchingEventLog.CAPACITY), clock.instant());

      assertThat(store.after(Optional.of(USER), before, 10))
          .extracting(e -> e.details().get("n"))
          .as("written by the caller, before the queued ones")
          .containsExactly(Integer.toString(BatchingEventLog.CAPACITY));
      release.countDown();
    }
    assertThat(store.after(Optional.of(USER), before, 2 * BatchingEventLog.CAPACITY))
        .hasSize(BatchingEventLog.CAPACITY + 2);
  }

  @Test
  void theEventsOfAnErasedUser_areNotWrittenAfterTheErasure() {
    String erased = "grace";
    enroll(erased);
    TestSidecar.asAdmin(sidecar.account())
        .deleteUser(DeleteUserRequest.newBuilder().setUserId(erased).build());
    long before = store.newestId();

    store.recordAll(
        List.of(
            new EventLog.Timed(replayed(erased, 1), clock.instant()),
            new EventLog.Timed(replayed(USER, 2), clock.instant())));

    assertThat(store.after(Optional.empty(), before, 10))
        .extracting(StoredEvent::userId)
        .containsExactly(USER);
  }

  private static EventDraft replayed(String userId, int n) {
    return EventDraft.of(userId, EventType.VERIFY_REPLAYED).with("n", Integer.toString(n));
  }

  private static List<String> numbers(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
  }
}
