package dev.authsidecar.security;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

@PostgresSuite
class LifecycleConcurrencyPostgresTest extends LifecycleConcurrencyContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }

  // The two races below pass on H2 (which makes the DELETE wait for the other transaction's
  // uncommitted rows) and fail on PostgreSQL. Remove these overrides once the bugs are fixed.

  @Override
  @Test
  @Disabled(
      "BUG: JooqRecoveryStore.replace deletes the user's codes and inserts the new set without"
          + " locking anything that a concurrent replace also locks (Accounts.ensure is an INSERT"
          + " ... ON CONFLICT DO NOTHING, which takes no lock on an existing row). On PostgreSQL"
          + " (READ COMMITTED) two GenerateCodes for the same user at once each delete only the"
          + " committed old codes, so both new sets are kept: GetStatus reports 20 codes instead of"
          + " 10 and the codes of the set the user was told is replaced keep working.")
  void twoRegenerationsOfOneUserAtOnce_leaveExactlyOneValidSet() {}

  @Override
  @Test
  @Disabled(
      "BUG: JooqLifecycleStore.wipe deletes temporary_codes and then inserts the new one; when"
          + " the user has no factor, code, device or temporary code whose row lock would order"
          + " two resets, two ResetUser calls for the same user at once on PostgreSQL both delete"
          + " nothing, and the later insert violates temporary_codes_pkey: that reset fails with"
          + " INTERNAL instead of answering (or a retryable status).")
  void twoResetsOfOneUserAtOnce_bothAnswerAndLeaveExactlyOneWorkingCode() {}
}
