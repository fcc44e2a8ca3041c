package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;

import java.time.Instant;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** The accounts row that every per-user counter hangs on. */
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
}
