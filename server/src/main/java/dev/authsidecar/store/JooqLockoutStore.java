package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;

import dev.authsidecar.events.EventDraft;
import dev.authsidecar.lockout.LockedCounter;
import dev.authsidecar.lockout.LockoutCounter;
import dev.authsidecar.lockout.LockoutStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Lockout counters in the accounts table. */
public final class JooqLockoutStore implements LockoutStore {
  private final DSLContext dsl;

  public JooqLockoutStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public LockoutCounter counter(String userId, Instant now) {
    var row =
        dsl.select(ACCOUNTS.FAILED_ATTEMPTS, ACCOUNTS.LOCKED_UNTIL)
            .from(ACCOUNTS)
            .where(ACCOUNTS.USER_ID.eq(userId))
            .fetchOne();
    if (row == null) {
      Accounts.ensure(dsl, userId, now);
      return LockoutCounter.CLEAR;
    }
    return new LockoutCounter(row.value1(), Optional.ofNullable(row.value2()));
  }

  @Override
  public LockoutCounter peek(String userId) {
    return dsl.select(ACCOUNTS.FAILED_ATTEMPTS, ACCOUNTS.LOCKED_UNTIL)
        .from(ACCOUNTS)
        .where(ACCOUNTS.USER_ID.eq(userId))
        .fetchOptional(r -> new LockoutCounter(r.value1(), Optional.ofNullable(r.value2())))
        .orElse(LockoutCounter.CLEAR);
  }

  @Override
  public boolean compareAndSet(
      String userId,
      int expectedFailures,
      int failures,
      Optional<Instant> lockedUntil,
      List<EventDraft> events,
      Instant now) {
    return dsl.transactionResult(
        tx -> {
          boolean moved =
              tx.dsl()
                      .update(ACCOUNTS)
                      .set(ACCOUNTS.FAILED_ATTEMPTS, failures)
                      .set(ACCOUNTS.LOCKED_UNTIL, lockedUntil.orElse(null))
                      .where(ACCOUNTS.USER_ID.eq(userId))
                      .and(ACCOUNTS.FAILED_ATTEMPTS.eq(expectedFailures))
                      .execute()
                  == 1;
          if (moved) {
            events.forEach(e -> JooqEventStore.insert(tx.dsl(), e, now));
          }
          return moved;
        });
  }

  /**
   * Locks the user's counter row until {@code tx} ends, if the user has one (no row for made-up
   * ids: a user with factors or codes has one), and gives it as a {@link LockedCounter} writing in
   * {@code tx}, its events dated {@code now}.
   */
  static Optional<LockedCounter> lockIfExists(DSLContext tx, String userId, Instant now) {
    return Optional.ofNullable(lockedRow(tx, userId))
        .map(value -> new RowCounter(tx, userId, value, now));
  }

  /** A counter row that {@code tx} has already locked and read as {@code value}. */
  static LockedCounter locked(DSLContext tx, String userId, LockoutCounter value, Instant now) {
    return new RowCounter(tx, userId, value, now);
  }

  private static LockoutCounter lockedRow(DSLContext tx, String userId) {
    return tx.select(ACCOUNTS.FAILED_ATTEMPTS, ACCOUNTS.LOCKED_UNTIL)
        .from(ACCOUNTS)
        .where(ACCOUNTS.USER_ID.eq(userId))
        .forUpdate()
        .fetchOne(r -> new LockoutCounter(r.value1(), Optional.ofNullable(r.value2())));
  }

  /** The counter row as locked by {@link #lock}. */
  private record RowCounter(DSLContext tx, String userId, LockoutCounter value, Instant now)
      implements LockedCounter {
    @Override
    public void set(int failures, Optional<Instant> lockedUntil, List<EventDraft> events) {
      tx.update(ACCOUNTS)
          .set(ACCOUNTS.FAILED_ATTEMPTS, failures)
          .set(ACCOUNTS.LOCKED_UNTIL, lockedUntil.orElse(null))
          .where(ACCOUNTS.USER_ID.eq(userId))
          .execute();
      events.forEach(e -> JooqEventStore.insert(tx, e, now));
    }

    @Override
    public void clear() {
      if (!value.equals(LockoutCounter.CLEAR)) {
        clearRow(tx, userId);
      }
    }
  }

  @Override
  public void clear(String userId) {
    clearRow(dsl, userId);
  }

  private static void clearRow(DSLContext db, String userId) {
    db.update(ACCOUNTS)
        .set(ACCOUNTS.FAILED_ATTEMPTS, 0)
        .setNull(ACCOUNTS.LOCKED_UNTIL)
        .where(ACCOUNTS.USER_ID.eq(userId))
        .execute();
  }
}
