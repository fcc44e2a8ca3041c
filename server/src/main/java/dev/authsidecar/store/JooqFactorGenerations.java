package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;

import dev.authsidecar.idempotency.FactorGenerations;
import java.util.Optional;
import org.jooq.DSLContext;

/** accounts.factors_epoch, read by primary key: one cheap SELECT per remembered answer. */
public final class JooqFactorGenerations implements FactorGenerations {
  private final DSLContext dsl;

  public JooqFactorGenerations(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Optional<Long> current(String userId) {
    return dsl.select(ACCOUNTS.FACTORS_EPOCH)
        .from(ACCOUNTS)
        .where(ACCOUNTS.USER_ID.eq(userId))
        .fetchOptional(ACCOUNTS.FACTORS_EPOCH);
  }
}
