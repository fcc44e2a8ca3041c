package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.RECOVERY_CODES;
import static dev.authsidecar.store.jooq.Tables.TOTP_FACTORS;

import dev.authsidecar.account.AccountRecord;
import dev.authsidecar.account.AccountStore;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.lockout.LockoutCounter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Account state and the generic factor list in PostgreSQL or H2. */
public final class JooqAccountStore implements AccountStore {
  private final DSLContext dsl;

  public JooqAccountStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public AccountRecord account(String userId) {
    List<FactorInfo> factors =
        dsl.select(
                FACTORS.ID,
                FACTORS.TYPE,
                FACTORS.LABEL,
                FACTORS.CREATED_AT,
                FACTORS.LAST_USED_AT,
                TOTP_FACTORS.ALGORITHM,
                TOTP_FACTORS.DIGITS,
                TOTP_FACTORS.PERIOD_SECONDS,
                TOTP_FACTORS.DRIFT_STEPS)
            .from(FACTORS)
            .leftJoin(TOTP_FACTORS)
            .on(TOTP_FACTORS.FACTOR_ID.eq(FACTORS.ID))
            .where(FACTORS.USER_ID.eq(userId))
            .orderBy(FACTORS.CREATED_AT, FACTORS.ID)
            .fetch(
                r ->
                    new FactorInfo(
                        r.value1(),
                        FactorType.valueOf(r.value2()),
                        r.value3(),
                        r.value4(),
                        Optional.ofNullable(r.value5()),
                        r.value6() == null
                            ? Optional.empty()
                            : Optional.of(
                                new FactorInfo.TotpInfo(
                                    TotpAlgorithm.valueOf(r.value6()),
                                    r.value7(),
                                    r.value8(),
                                    r.value9()))));
    var account = dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.USER_ID.eq(userId)).fetchOne();
    if (account == null) {
      return new AccountRecord(factors, Optional.empty(), LockoutCounter.CLEAR, false, 0);
    }
    int recoveryCodes =
        dsl.fetchCount(
            RECOVERY_CODES, RECOVERY_CODES.USER_ID.eq(userId).and(RECOVERY_CODES.USED_AT.isNull()));
    return new AccountRecord(
        factors,
        Optional.ofNullable(account.getPreferredFactorId()),
        new LockoutCounter(
            account.getFailedAttempts(), Optional.ofNullable(account.getLockedUntil())),
        account.getMustEnroll(),
        recoveryCodes);
  }

  @Override
  public boolean setPreferred(String userId, UUID factorId, EventDraft event, Instant now) {
    return changeWithEvent(
        db ->
            db.update(ACCOUNTS)
                    .set(ACCOUNTS.PREFERRED_FACTOR_ID, factorId)
                    .where(ACCOUNTS.USER_ID.eq(userId))
                    .andExists(
                        DSL.selectOne()
                            .from(FACTORS)
                            .where(FACTORS.ID.eq(factorId))
                            .and(FACTORS.USER_ID.eq(userId)))
                    .execute()
                == 1,
        event,
        now);
  }

  @Override
  public boolean rename(String userId, UUID factorId, String label, EventDraft event, Instant now) {
    return changeWithEvent(
        db ->
            db.update(FACTORS)
                    .set(FACTORS.LABEL, label)
                    .where(FACTORS.ID.eq(factorId))
                    .and(FACTORS.USER_ID.eq(userId))
                    .execute()
                == 1,
        event,
        now);
  }

  @Override
  public boolean remove(String userId, UUID factorId, EventDraft event, Instant now) {
    return changeWithEvent(
        db -> {
          Accounts.lockIfExists(db, userId);
          // Type-specific rows go with the factor (ON DELETE CASCADE): unusable at once.
          int removed =
              db.deleteFrom(FACTORS)
                  .where(FACTORS.ID.eq(factorId))
                  .and(FACTORS.USER_ID.eq(userId))
                  .execute();
          if (removed == 0) {
            return false;
          }
          db.update(ACCOUNTS)
              .setNull(ACCOUNTS.PREFERRED_FACTOR_ID)
              .where(ACCOUNTS.USER_ID.eq(userId))
              .and(ACCOUNTS.PREFERRED_FACTOR_ID.eq(factorId))
              .execute();
          Accounts.factorsChanged(db, userId);
          return true;
        },
        event,
        now);
  }

  /** Runs a change and, when it happened, writes its event in the same transaction. */
  private boolean changeWithEvent(
      Function<DSLContext, Boolean> change, EventDraft event, Instant now) {
    return dsl.transactionResult(
        tx -> {
          boolean changed = change.apply(tx.dsl());
          if (changed) {
            JooqEventStore.insert(tx.dsl(), event, now);
          }
          return changed;
        });
  }
}
