package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;

import dev.authsidecar.events.EventDraft;
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

  @Override
  public void clear(String userId) {
    dsl.update(ACCOUNTS)
        .set(ACCOUNTS.FAILED_ATTEMPTS, 0)
        .setNull(ACCOUNTS.LOCKED_UNTIL)
        .where(ACCOUNTS.USER_ID.eq(userId))
        .execute();
  }
}
