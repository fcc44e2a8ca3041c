package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.TOTP_ENROLLMENTS;
import static dev.authsidecar.store.jooq.Tables.TOTP_FACTORS;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.error.LimitExceededException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.store.jooq.tables.records.TotpEnrollmentsRecord;
import dev.authsidecar.totp.PendingEnrollment;
import dev.authsidecar.totp.TotpEnrollmentStore;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Pending TOTP enrollments, and their confirmation into factors, in PostgreSQL or H2. */
public final class JooqTotpEnrollmentStore implements TotpEnrollmentStore {
  private final DSLContext dsl;

  public JooqTotpEnrollmentStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public void addEnrollment(
      PendingEnrollment e, int keepPending, int maxFactors, EventDraft event) {
    dsl.transaction(
        tx -> {
          DSLContext db = tx.dsl();
          Accounts.lock(db, e.userId(), e.createdAt());
          if (totpFactorCount(db, e.userId()) >= maxFactors) {
            throw tooManyFactors(maxFactors);
          }
          db.insertInto(TOTP_ENROLLMENTS)
              .set(TOTP_ENROLLMENTS.ID, e.id())
              .set(TOTP_ENROLLMENTS.USER_ID, e.userId())
              .set(TOTP_ENROLLMENTS.LABEL, e.label())
              .set(TOTP_ENROLLMENTS.SEALED_SECRET, e.secret().sealed())
              .set(TOTP_ENROLLMENTS.KEY_ID, e.secret().keyId())
              .set(TOTP_ENROLLMENTS.ALGORITHM, e.algorithm().name())
              .set(TOTP_ENROLLMENTS.DIGITS, e.digits())
              .set(TOTP_ENROLLMENTS.PERIOD_SECONDS, e.periodSeconds())
              .set(TOTP_ENROLLMENTS.CREATED_AT, e.createdAt())
              .set(TOTP_ENROLLMENTS.EXPIRES_AT, e.expiresAt())
              .execute();
          // Abandoned scans pile up otherwise; only the newest few can still be confirmed.
          var newest =
              db.select(TOTP_ENROLLMENTS.ID)
                  .from(TOTP_ENROLLMENTS)
                  .where(TOTP_ENROLLMENTS.USER_ID.eq(e.userId()))
                  .and(TOTP_ENROLLMENTS.CONFIRMED_AT.isNull())
                  .orderBy(TOTP_ENROLLMENTS.CREATED_AT.desc(), TOTP_ENROLLMENTS.ID)
                  .limit(keepPending)
                  .fetch(TOTP_ENROLLMENTS.ID);
          db.deleteFrom(TOTP_ENROLLMENTS)
              .where(TOTP_ENROLLMENTS.USER_ID.eq(e.userId()))
              .and(TOTP_ENROLLMENTS.CONFIRMED_AT.isNull())
              .and(TOTP_ENROLLMENTS.ID.notIn(newest))
              .execute();
          JooqEventStore.insert(db, event, e.createdAt());
        });
  }

  @Override
  public Optional<PendingEnrollment> enrollment(UUID id) {
    return dsl.selectFrom(TOTP_ENROLLMENTS)
        .where(TOTP_ENROLLMENTS.ID.eq(id))
        .fetchOptional()
        .map(JooqTotpEnrollmentStore::toEnrollment);
  }

  @Override
  public Confirmation confirm(
      PendingEnrollment e,
      long step,
      int driftSteps,
      Instant now,
      int maxFactors,
      EventDraft event) {
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          Accounts.lock(db, e.userId(), now);
          if (totpFactorCount(db, e.userId()) >= maxFactors) {
            return Confirmation.LIMIT;
          }
          // The decision: only one request can move the enrollment out of pending. The secret
          // copy in the enrollment row is wiped; the factor row holds the only one.
          int won =
              db.update(TOTP_ENROLLMENTS)
                  .set(TOTP_ENROLLMENTS.CONFIRMED_AT, now)
                  .set(TOTP_ENROLLMENTS.SEALED_SECRET, new byte[0])
                  .where(TOTP_ENROLLMENTS.ID.eq(e.id()))
                  .and(TOTP_ENROLLMENTS.CONFIRMED_AT.isNull())
                  .and(TOTP_ENROLLMENTS.EXPIRES_AT.gt(now))
                  .execute();
          if (won == 0) {
            return Confirmation.LOST;
          }
          db.insertInto(FACTORS)
              .set(FACTORS.ID, e.id())
              .set(FACTORS.USER_ID, e.userId())
              .set(FACTORS.TYPE, FactorType.TOTP.name())
              .set(FACTORS.LABEL, e.label())
              .set(FACTORS.CREATED_AT, now)
              .execute();
          db.insertInto(TOTP_FACTORS)
              .set(TOTP_FACTORS.FACTOR_ID, e.id())
              .set(TOTP_FACTORS.SEALED_SECRET, e.secret().sealed())
              .set(TOTP_FACTORS.KEY_ID, e.secret().keyId())
              .set(TOTP_FACTORS.ALGORITHM, e.algorithm().name())
              .set(TOTP_FACTORS.DIGITS, e.digits())
              .set(TOTP_FACTORS.PERIOD_SECONDS, e.periodSeconds())
              .set(TOTP_FACTORS.LAST_STEP, step)
              .set(TOTP_FACTORS.DRIFT_STEPS, driftSteps)
              .execute();
          db.update(ACCOUNTS)
              .set(ACCOUNTS.MUST_ENROLL, false)
              .where(ACCOUNTS.USER_ID.eq(e.userId()))
              .execute();
          Accounts.factorAdded(db, e.userId());
          JooqEventStore.insert(db, event, now);
          return Confirmation.CONFIRMED;
        });
  }

  private static int totpFactorCount(DSLContext db, String userId) {
    return db.fetchCount(
        FACTORS, FACTORS.USER_ID.eq(userId).and(FACTORS.TYPE.eq(FactorType.TOTP.name())));
  }

  static LimitExceededException tooManyFactors(int maxFactors) {
    return new LimitExceededException(
        "user_id", "has " + maxFactors + " authenticator apps, the most allowed; remove one first");
  }

  @Override
  public int purgeEnrollments(Instant cutoff) {
    return dsl.deleteFrom(TOTP_ENROLLMENTS).where(TOTP_ENROLLMENTS.EXPIRES_AT.lt(cutoff)).execute();
  }

  private static PendingEnrollment toEnrollment(TotpEnrollmentsRecord r) {
    return new PendingEnrollment(
        r.getId(),
        r.getUserId(),
        r.getLabel(),
        new SealedSecret(r.getKeyId(), r.getSealedSecret()),
        TotpAlgorithm.valueOf(r.getAlgorithm()),
        r.getDigits(),
        r.getPeriodSeconds(),
        r.getCreatedAt(),
        r.getExpiresAt(),
        Optional.ofNullable(r.getConfirmedAt()));
  }
}
