package dev.authsidecar.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventLog} that writes {@link #recordSoon} events off the caller's path: a writer thread
 * inserts them in batches, one transaction per batch, as soon as they arrive (no timer: a lone
 * event is written at once, a burst shares one commit).
 *
 * <p>Never loses an event it took, short of the process dying: a full queue makes the caller write
 * its own event; reads ({@link #after}, {@link #newestId}) first wait until everything recorded
 * before them is written, so ListEvents and WatchEvents on this replica see it; a failed batch is
 * tried again; {@link #close} writes what is left.
 */
public final class BatchingEventLog implements EventLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatchingEventLog.class);

  static final int CAPACITY = 10_000;
  private static final int MAX_BATCH = 500;

  /** How long a read waits for pending events; longer than a statement may run (5 s). */
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(6);

  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  private static final Duration IDLE_POLL = Duration.ofMillis(100);

  private final EventLog store;
  private final BlockingQueue<EventLog.Timed> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private final Thread writer;

  /** The batch the writer is on; read by {@link #close} only after the writer ended. */
  private final List<EventLog.Timed> batch = new ArrayList<>(MAX_BATCH);

  private long taken; // guarded by lock
  private long written; // guarded by lock
  private volatile boolean closing;

  public BatchingEventLog(EventLog store) {
    this.store = store;
    this.writer = Thread.ofPlatform().name("event-writer").daemon().start(this::writeLoop);
  }

  @Override
  public void record(EventDraft event, Instant at) {
    store.record(event, at);
  }

  @Override
  public void recordSoon(EventDraft event, Instant at) {
    // Counted under the lock, so that a read after this call waits for this event.
    lock.lock();
    try {
      if (!closing && queue.offer(new EventLog.Timed(event, at))) {
        taken++;
        return;
      }
    } finally {
      lock.unlock();
    }
    // Full (the database is slow or down) or shutting down: written before the answer, as before.
    store.record(event, at);
  }

  @Override
  public void recordAll(List<EventLog.Timed> events) {
    store.recordAll(events);
  }

  @Override
  public List<StoredEvent> after(Optional<String> userId, long afterId, int limit) {
    awaitWritten();
    return store.after(userId, afterId, limit);
  }

  @Override
  public long newestId() {
    awaitWritten();
    return store.newestId();
  }

  /** Events taken but not yet written. */
  public int pending() {
    lock.lock();
    try {
      return (int) (taken - written);
    } finally {
      lock.unlock();
    }
  }

  /** Writes what is left and stops the writer; later events are written by their caller. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<EventLog.Timed> rest = new ArrayList<>(batch);
    queue.drainTo(rest);
    if (!rest.isEmpty()) {
      try {
        store.recordAll(rest);
        advance(rest.size());
      } catch (RuntimeException e) {
        log.error(
            "{} audit events could not be written at shutdown: {}",
            rest.size(),
            e.getClass().getSimpleName());
      }
    }
  }

  private void awaitWritten() {
    long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
    lock.lock();
    try {
      long target = taken;
      while (written < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !progress.await(left, TimeUnit.NANOSECONDS) && written < target) {
          // The database is not taking writes: the read that follows will say so, or show the
          // trail without the events still queued.
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop() {
    while (!closing) {
      try {
        if (batch.isEmpty()) {
          // Polled, not taken, so that close() finds the writer between batches without
          // interrupting a statement.
          EventLog.Timed first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        store.recordAll(batch);
        advance(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        break; // close() writes what is left
      } catch (RuntimeException e) {
        log.warn(
            "writing {} audit events failed, trying again: {}",
            batch.size(),
            e.getClass().getSimpleName());
        try {
          Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException stop) {
          break;
        }
      }
    }
    // A batch taken but not written stays in batch, for close().
  }

  private void advance(int count) {
    lock.lock();
    try {
      written += count;
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
