package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.TEMPORARY_CODES;

import dev.authsidecar.events.EventDraft;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Rows every store touches: the user's accounts row and a factor's last use. */
final class Accounts {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Accounts() {}

  /** Creates the user's row unless it exists; safe under concurrent callers. */
  static void ensure(DSLContext dsl, String userId, Instant now) {
    try {
      dsl.insertInto(ACCOUNTS)
          .set(ACCOUNTS.USER_ID, userId)
          .set(ACCOUNTS.CREATED_AT, now)
          // Random, so that a user deleted and created again never reuses a generation.
          .set(ACCOUNTS.FACTORS_EPOCH, RANDOM.nextLong())
          .onConflictDoNothing()
          .execute();
    } catch (IntegrityConstraintViolationException e) {
      // H2 emulates ON CONFLICT with a MERGE that two first requests can both run: the other
      // one created the row, which is all this wanted.
    }
  }

  /**
   * Creates the user's row if needed and locks it until the transaction ends. Every transaction
   * that adds or removes a user's factors, codes or devices starts here, so a reset, disable or
   * delete never interleaves with an enrollment of the same user.
   */
  static void lock(DSLContext tx, String userId, Instant now) {
    ensure(tx, userId, now);
    tx.selectOne().from(ACCOUNTS).where(ACCOUNTS.USER_ID.eq(userId)).forUpdate().fetch();
  }

  /** Locks the user's row, if there is one, until the transaction ends; never creates it. */
  static void lockIfExists(DSLContext tx, String userId) {
    tx.selectOne().from(ACCOUNTS).where(ACCOUNTS.USER_ID.eq(userId)).forUpdate().fetch();
  }

  /**
   * Ends what an earlier state of the user's factors allowed: answers that replicas remember for
   * the user stop being given from memory. In the transaction of the change, after {@link #lock}.
   */
  static void factorsChanged(DSLContext tx, String userId) {
    tx.update(ACCOUNTS)
        .set(ACCOUNTS.FACTORS_EPOCH, ACCOUNTS.FACTORS_EPOCH.plus(1L))
        .where(ACCOUNTS.USER_ID.eq(userId))
        .execute();
  }

  /**
   * A new factor exists (TOTP confirmed, recovery codes generated, security key registered): the
   * temporary code of an admin reset has done its job and ends now, in the same transaction.
   */
  static void factorAdded(DSLContext tx, String userId) {
    tx.deleteFrom(TEMPORARY_CODES).where(TEMPORARY_CODES.USER_ID.eq(userId)).execute();
    factorsChanged(tx, userId);
  }

  /** Records that a factor was just used, with the event of the sign-in, in {@code tx}. */
  static void factorUsed(DSLContext tx, UUID factorId, Instant now, EventDraft event) {
    tx.update(FACTORS).set(FACTORS.LAST_USED_AT, now).where(FACTORS.ID.eq(factorId)).execute();
    JooqEventStore.insert(tx, event, now);
  }
}
