package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.TOTP_FACTORS;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.totp.TotpFactor;
import dev.authsidecar.totp.TotpStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Active TOTP factors in PostgreSQL or H2, and the conditional update that decides a replay. */
public final class JooqTotpStore implements TotpStore {
  private final DSLContext dsl;

  public JooqTotpStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public List<TotpFactor> factors(String userId) {
    return dsl.select(
            FACTORS.ID,
            TOTP_FACTORS.SEALED_SECRET,
            TOTP_FACTORS.KEY_ID,
            TOTP_FACTORS.ALGORITHM,
            TOTP_FACTORS.DIGITS,
            TOTP_FACTORS.PERIOD_SECONDS,
            TOTP_FACTORS.LAST_STEP)
        .from(FACTORS)
        .join(TOTP_FACTORS)
        .on(TOTP_FACTORS.FACTOR_ID.eq(FACTORS.ID))
        .where(FACTORS.USER_ID.eq(userId))
        .orderBy(FACTORS.CREATED_AT, FACTORS.ID)
        .fetch(
            r ->
                new TotpFactor(
                    r.value1(),
                    userId,
                    new SealedSecret(r.value3(), r.value2()),
                    TotpAlgorithm.valueOf(r.value4()),
                    r.value5(),
                    r.value6(),
                    r.value7()));
  }

  @Override
  public <T> Optional<T> decide(String userId, Instant now, Decision<T> decision) {
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          return JooqLockoutStore.lockIfExists(db, userId, now)
              .map(
                  counter ->
                      decision.decide(
                          counter,
                          (factorId, step, drift, event) ->
                              acceptStep(db, factorId, step, drift, now, event)));
        });
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
