package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.TOTP_FACTORS;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.lockout.LockedCounter;
import dev.authsidecar.lockout.LockoutCounter;
import dev.authsidecar.totp.TotpFactor;
import dev.authsidecar.totp.TotpStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;

/** Active TOTP factors in PostgreSQL or H2, and the conditional update that decides a replay. */
public final class JooqTotpStore implements TotpStore {
  private final DSLContext dsl;

  public JooqTotpStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public List<TotpFactor> factors(String userId) {
    return dsl.select(FACTOR_COLUMNS)
        .from(FACTORS)
        .join(TOTP_FACTORS)
        .on(TOTP_FACTORS.FACTOR_ID.eq(FACTORS.ID))
        .where(FACTORS.USER_ID.eq(userId))
        .orderBy(FACTORS.CREATED_AT, FACTORS.ID)
        .fetch(r -> factor(r, userId));
  }

  @Override
  public <T> Optional<T> decide(String userId, Instant now, Decision<T> decision) {
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          // One statement reads the factors and locks the user's counter row (FOR UPDATE OF
          // accounts: the factors rows stay unlocked on PostgreSQL).
          var select =
              db.select(ACCOUNTS.FAILED_ATTEMPTS, ACCOUNTS.LOCKED_UNTIL)
                  .select(FACTOR_COLUMNS)
                  .from(ACCOUNTS)
                  .leftJoin(FACTORS.join(TOTP_FACTORS).on(TOTP_FACTORS.FACTOR_ID.eq(FACTORS.ID)))
                  .on(FACTORS.USER_ID.eq(ACCOUNTS.USER_ID))
                  .where(ACCOUNTS.USER_ID.eq(userId))
                  .orderBy(FACTORS.CREATED_AT, FACTORS.ID);
          Result<Record> rows =
              db.dialect() == SQLDialect.POSTGRES
                  ? select.forUpdate().of(ACCOUNTS).fetch()
                  : select.forUpdate().fetch();
          if (rows.isEmpty()) {
            return Optional.<T>empty();
          }
          Record first = rows.getFirst();
          LockedCounter counter =
              JooqLockoutStore.locked(
                  db,
                  userId,
                  new LockoutCounter(
                      first.get(ACCOUNTS.FAILED_ATTEMPTS),
                      Optional.ofNullable(first.get(ACCOUNTS.LOCKED_UNTIL))),
                  now);
          List<TotpFactor> factors =
              rows.stream()
                  .filter(r -> r.get(FACTORS.ID) != null)
                  .map(r -> factor(r, userId))
                  .toList();
          return Optional.of(
              decision.decide(
                  counter,
                  factors,
                  (factorId, step, drift, event) ->
                      acceptStep(db, factorId, step, drift, now, event)));
        });
  }

  private static final List<Field<?>> FACTOR_COLUMNS =
      List.of(
          FACTORS.ID,
          TOTP_FACTORS.SEALED_SECRET,
          TOTP_FACTORS.KEY_ID,
          TOTP_FACTORS.ALGORITHM,
          TOTP_FACTORS.DIGITS,
          TOTP_FACTORS.PERIOD_SECONDS,
          TOTP_FACTORS.LAST_STEP);

  private static TotpFactor factor(Record r, String userId) {
    return new TotpFactor(
        r.get(FACTORS.ID),
        userId,
        new SealedSecret(r.get(TOTP_FACTORS.KEY_ID), r.get(TOTP_FACTORS.SEALED_SECRET)),
        TotpAlgorithm.valueOf(r.get(TOTP_FACTORS.ALGORITHM)),
        r.get(TOTP_FACTORS.DIGITS),
        r.get(TOTP_FACTORS.PERIOD_SECONDS),
        r.get(TOTP_FACTORS.LAST_STEP));
  }

  private static boolean acceptStep(
      DSLContext db, UUID factorId, long step, int driftSteps, Instant now, EventDraft event) {
    // RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the same OTP".
    // Moving last_step forward only if it is older is the one statement that decides.
    int accepted =
        db.update(TOTP_FACTORS)
            .set(TOTP_FACTORS.LAST_STEP, step)
            .set(TOTP_FACTORS.DRIFT_STEPS, driftSteps)
            .where(TOTP_FACTORS.FACTOR_ID.eq(factorId))
            .and(TOTP_FACTORS.LAST_STEP.lt(step))
            .execute();
    if (accepted == 0) {
      return false;
    }
    Accounts.factorUsed(db, factorId, now, event);
    return true;
  }
}
