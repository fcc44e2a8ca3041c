package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;

import java.time.Instant;
import org.jooq.DSLContext;

/** The accounts row that every per-user counter hangs on. */
final class Accounts {
  private Accounts() {}

  /** Creates the user's row unless it exists; safe under concurrent callers. */
  static void ensure(DSLContext dsl, String userId, Instant now) {
    dsl.insertInto(ACCOUNTS)
        .set(ACCOUNTS.USER_ID, userId)
        .set(ACCOUNTS.CREATED_AT, now)
        .onConflictDoNothing()
        .execute();
  }
}
