package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.DEVICES;
import static dev.authsidecar.store.jooq.Tables.EVENTS;
import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.RECOVERY_CODES;
import static dev.authsidecar.store.jooq.Tables.TEMPORARY_CODES;
import static dev.authsidecar.store.jooq.Tables.TOTP_ENROLLMENTS;
import static dev.authsidecar.store.jooq.Tables.WEBAUTHN_CEREMONIES;
import static dev.authsidecar.store.jooq.Tables.WEBAUTHN_USER_HANDLES;

import dev.authsidecar.account.LifecycleStore;
import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Disable, reset and delete in PostgreSQL or H2, each in one transaction. */
public final class JooqLifecycleStore implements LifecycleStore {
  private final DSLContext dsl;

  public JooqLifecycleStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public void wipe(
      String userId, Optional<TemporaryCode> temporaryCode, Instant now, EventDraft event) {
    dsl.transaction(
        tx -> {
          DSLContext db = tx.dsl();
          removeSecondFactors(db, userId, now);
          db.update(ACCOUNTS)
              .set(ACCOUNTS.MUST_ENROLL, temporaryCode.isPresent())
              .where(ACCOUNTS.USER_ID.eq(userId))
              .execute();
          temporaryCode.ifPresent(
              code ->
                  db.insertInto(TEMPORARY_CODES)
                      .set(TEMPORARY_CODES.USER_ID, userId)
                      .set(TEMPORARY_CODES.CODE_HASH, code.hash().hash())
                      .set(TEMPORARY_CODES.KEY_ID, code.hash().keyId())
                      .set(TEMPORARY_CODES.CREATED_AT, now)
                      .set(TEMPORARY_CODES.EXPIRES_AT, code.expiresAt())
                      .execute());
          JooqEventStore.insert(db, event, now);
        });
  }

  @Override
  public boolean wipeWithRecoveryCodes(
      String userId, List<List<KeyedHash>> codes, Instant now, EventDraft event) {
    try {
      return dsl.transactionResult(
          tx -> {
            DSLContext db = tx.dsl();
            Accounts.lock(db, userId, now);
            for (List<KeyedHash> candidates : codes) {
              if (!JooqRecoveryStore.consumeOne(db, userId, candidates, now)) {
                // One code is wrong or used: roll back, so nothing is consumed or removed.
                throw new CodeDidNotMatch();
              }
            }
            removeSecondFactors(db, userId, now);
            db.update(ACCOUNTS)
                .set(ACCOUNTS.MUST_ENROLL, false)
                .where(ACCOUNTS.USER_ID.eq(userId))
                .execute();
            JooqEventStore.insert(db, event, now);
            return true;
          });
    } catch (CodeDidNotMatch e) {
      return false;
    }
  }

  /** Unwinds the transaction of a recovery-code proof with a wrong code in it. */
  private static final class CodeDidNotMatch extends RuntimeException {
    CodeDidNotMatch() {
      super(null, null, false, false);
    }
  }

  @Override
  public boolean hasTemporaryCode(String userId) {
    return dsl.fetchExists(TEMPORARY_CODES, TEMPORARY_CODES.USER_ID.eq(userId));
  }

  @Override
  public TemporaryCodeCheck consumeTemporaryCode(
      String userId, List<KeyedHash> candidates, Instant now, EventDraft accepted) {
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          var matching =
              TEMPORARY_CODES
                  .USER_ID
                  .eq(userId)
                  .and(
                      KeyedHashes.matches(
                          TEMPORARY_CODES.KEY_ID, TEMPORARY_CODES.CODE_HASH, candidates));
          // The decision: one conditional update, so a temporary code works exactly once.
          int consumed =
              db.update(TEMPORARY_CODES)
                  .set(TEMPORARY_CODES.USED_AT, now)
                  .where(matching)
                  .and(TEMPORARY_CODES.USED_AT.isNull())
                  .and(TEMPORARY_CODES.EXPIRES_AT.gt(now))
                  .execute();
          if (consumed == 1) {
            JooqEventStore.insert(db, accepted, now);
            return TemporaryCodeCheck.ACCEPTED;
          }
          var row = db.selectFrom(TEMPORARY_CODES).where(matching).fetchOne();
          if (row == null) {
            return TemporaryCodeCheck.NO_MATCH;
          }
          return row.getUsedAt() != null ? TemporaryCodeCheck.USED : TemporaryCodeCheck.EXPIRED;
        });
  }

  @Override
  public void erase(String userId, EventDraft marker, Instant now) {
    dsl.transaction(
        tx -> {
          DSLContext db = tx.dsl();
          removeSecondFactors(db, userId, now);
          db.deleteFrom(ACCOUNTS).where(ACCOUNTS.USER_ID.eq(userId)).execute();
          db.update(EVENTS)
              .set(EVENTS.USER_ID, "")
              .set(EVENTS.TYPE, EventType.REDACTED.name())
              .set(EVENTS.ACTOR, "")
              .set(EVENTS.DETAILS, "{}")
              .where(EVENTS.USER_ID.eq(userId))
              .execute();
          db.deleteFrom(WEBAUTHN_USER_HANDLES)
              .where(WEBAUTHN_USER_HANDLES.USER_ID.eq(userId))
              .execute();
          db.deleteFrom(WEBAUTHN_CEREMONIES)
              .where(WEBAUTHN_CEREMONIES.USER_ID.eq(userId))
              .execute();
          JooqEventStore.insert(db, marker, now);
        });
  }

  /** Everything that authenticates the user, and the counters about it. */
  private static void removeSecondFactors(DSLContext db, String userId, Instant now) {
    Accounts.lock(db, userId, now);
    db.deleteFrom(FACTORS).where(FACTORS.USER_ID.eq(userId)).execute();
    db.deleteFrom(TOTP_ENROLLMENTS).where(TOTP_ENROLLMENTS.USER_ID.eq(userId)).execute();
    db.deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(userId)).execute();
    db.deleteFrom(DEVICES).where(DEVICES.USER_ID.eq(userId)).execute();
    db.deleteFrom(TEMPORARY_CODES).where(TEMPORARY_CODES.USER_ID.eq(userId)).execute();
    // An unfinished registration started before the reset must not finish after it.
    db.deleteFrom(WEBAUTHN_CEREMONIES).where(WEBAUTHN_CEREMONIES.USER_ID.eq(userId)).execute();
    db.update(ACCOUNTS)
        .set(ACCOUNTS.FAILED_ATTEMPTS, 0)
        .setNull(ACCOUNTS.LOCKED_UNTIL)
        .setNull(ACCOUNTS.PREFERRED_FACTOR_ID)
        .where(ACCOUNTS.USER_ID.eq(userId))
        .execute();
    Accounts.factorsChanged(db, userId);
  }
}
