package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.FACTORS;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Rows every store touches: the user's accounts row and a factor's last use. */
final class Accounts {
  private Accounts() {}

  /** Creates the user's row unless it exists; safe under concurrent callers. */
  static void ensure(DSLContext dsl, String userId, Instant now) {
    try {
      dsl.insertInto(ACCOUNTS)
          .set(ACCOUNTS.USER_ID, userId)
          .set(ACCOUNTS.CREATED_AT, now)
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

  /** Records that a factor was just used, with the event of the sign-in, in {@code tx}. */
  static void factorUsed(DSLContext tx, UUID factorId, Instant now, EventDraft event) {
    tx.update(FACTORS).set(FACTORS.LAST_USED_AT, now).where(FACTORS.ID.eq(factorId)).execute();
    JooqEventStore.insert(tx, event, now);
  }
}
