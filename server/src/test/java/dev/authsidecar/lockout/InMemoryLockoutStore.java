package dev.authsidecar.lockout;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LockoutStore} in memory, for unit tests of the lockout rules: a counter per user, moved
 * only by a compare-and-set on the expected failure count, like the conditional update of {@code
 * JooqLockoutStore}; {@link #counter} creates the user's row, {@link #peek} does not. Not for
 * concurrency or end-to-end tests: those run on the real stores (H2 and PostgreSQL).
 */
public final class InMemoryLockoutStore implements LockoutStore {
  private final Map<String, LockoutCounter> rows = new HashMap<>();
  private final List<EventDraft> events = new ArrayList<>();
  private int rivalCharges;

  @Override
  public synchronized LockoutCounter counter(String userId, Instant now) {
    return rows.computeIfAbsent(userId, id -> LockoutCounter.CLEAR);
  }

  @Override
  public synchronized boolean compareAndSet(
      String userId,
      int expectedFailures,
      int failures,
      Optional<Instant> lockedUntil,
      List<EventDraft> written,
      Instant now) {
    LockoutCounter current = rows.get(userId);
    if (current != null && rivalCharges > 0) {
      // Another request's charge lands first: this update no longer finds the expected count.
      rivalCharges--;
      current = new LockoutCounter(current.failures() + 1, current.lockedUntil());
      rows.put(userId, current);
    }
    if (current == null || current.failures() != expectedFailures) {
      return false;
    }
    rows.put(userId, new LockoutCounter(failures, lockedUntil));
    events.addAll(written);
    return true;
  }

  @Override
  public synchronized LockoutCounter peek(String userId) {
    return rows.getOrDefault(userId, LockoutCounter.CLEAR);
  }

  @Override
  public synchronized void clear(String userId) {
    rows.computeIfPresent(userId, (id, counter) -> LockoutCounter.CLEAR);
  }

  /**
   * The user's counter as {@link LockedCounter} sees it in a transaction, creating the row; the
   * caller holds this store's monitor for the whole decision (the row lock of {@code
   * JooqLockoutStore}).
   */
  public synchronized LockedCounter locked(String userId) {
    LockoutCounter value = counter(userId, Instant.EPOCH);
    return new LockedCounter() {
      @Override
      public LockoutCounter value() {
        return value;
      }

      @Override
      public void set(int failures, Optional<Instant> lockedUntil, List<EventDraft> written) {
        synchronized (InMemoryLockoutStore.this) {
          rows.put(userId, new LockoutCounter(failures, lockedUntil));
          events.addAll(written);
        }
      }

      @Override
      public void clear() {
        InMemoryLockoutStore.this.clear(userId);
      }
    };
  }

  /** The next {@code n} compare-and-sets each lose to another request's charge of one failure. */
  public synchronized void rivalChargesFirst(int n) {
    rivalCharges = n;
  }

  /** The consecutive failures charged to the user. */
  public synchronized int failures(String userId) {
    return peek(userId).failures();
  }

  /** Whether the user has a row (a counter was read for a charge). */
  public synchronized boolean hasRow(String userId) {
    return rows.containsKey(userId);
  }

  /** The events written with counter moves (the start of each lockout). */
  public synchronized List<EventDraft> events() {
    return List.copyOf(events);
  }
}
