package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.TOTP_ENROLLMENTS;
import static dev.authsidecar.store.jooq.Tables.TOTP_FACTORS;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.reseal.SealedSecretStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The re-seal's reads and conditional swaps of sealed TOTP secrets, in PostgreSQL or H2. */
public final class JooqSealedSecrets implements SealedSecretStore {
  private final DSLContext dsl;

  public JooqSealedSecrets(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public List<SealedRow> sealedUnderOtherKeys(
      Place place, String keyId, Optional<UUID> after, int limit) {
    return switch (place) {
      case TOTP_FACTORS ->
          dsl.select(
                  TOTP_FACTORS.FACTOR_ID,
                  FACTORS.USER_ID,
                  TOTP_FACTORS.KEY_ID,
                  TOTP_FACTORS.SEALED_SECRET)
              .from(TOTP_FACTORS)
              .join(FACTORS)
              .on(FACTORS.ID.eq(TOTP_FACTORS.FACTOR_ID))
              .where(TOTP_FACTORS.KEY_ID.ne(keyId))
              .and(after.map(TOTP_FACTORS.FACTOR_ID::gt).orElse(DSL.trueCondition()))
              .orderBy(TOTP_FACTORS.FACTOR_ID)
              .limit(limit)
              .fetch(
                  r ->
                      new SealedRow(
                          r.value1(), r.value2(), new SealedSecret(r.value3(), r.value4())));
      case TOTP_ENROLLMENTS ->
          dsl.select(
                  TOTP_ENROLLMENTS.ID,
                  TOTP_ENROLLMENTS.USER_ID,
                  TOTP_ENROLLMENTS.KEY_ID,
                  TOTP_ENROLLMENTS.SEALED_SECRET)
              .from(TOTP_ENROLLMENTS)
              .where(pendingUnderOtherKey(keyId))
              .and(after.map(TOTP_ENROLLMENTS.ID::gt).orElse(DSL.trueCondition()))
              .orderBy(TOTP_ENROLLMENTS.ID)
              .limit(limit)
              .fetch(
                  r ->
                      new SealedRow(
                          r.value1(), r.value2(), new SealedSecret(r.value3(), r.value4())));
    };
  }

  @Override
  public int countUnderOtherKeys(Place place, String keyId) {
    return switch (place) {
      case TOTP_FACTORS -> dsl.fetchCount(TOTP_FACTORS, TOTP_FACTORS.KEY_ID.ne(keyId));
      case TOTP_ENROLLMENTS -> dsl.fetchCount(TOTP_ENROLLMENTS, pendingUnderOtherKey(keyId));
    };
  }

  /** A confirmed enrollment holds no secret any more (it moved to the factor row). */
  private static Condition pendingUnderOtherKey(String keyId) {
    return TOTP_ENROLLMENTS.KEY_ID.ne(keyId).and(TOTP_ENROLLMENTS.CONFIRMED_AT.isNull());
  }

  @Override
  public int replace(Place place, List<Resealed> rows) {
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          int replaced = 0;
          for (Resealed row : rows) {
            SealedSecret old = row.old().secret();
            // The compare-and-swap: the old key id and the exact old ciphertext, or nothing.
            replaced +=
                switch (place) {
                  case TOTP_FACTORS ->
                      db.update(TOTP_FACTORS)
                          .set(TOTP_FACTORS.SEALED_SECRET, row.sealed().sealed())
                          .set(TOTP_FACTORS.KEY_ID, row.sealed().keyId())
                          .where(TOTP_FACTORS.FACTOR_ID.eq(row.old().id()))
                          .and(TOTP_FACTORS.KEY_ID.eq(old.keyId()))
                          .and(TOTP_FACTORS.SEALED_SECRET.eq(old.sealed()))
                          .execute();
                  case TOTP_ENROLLMENTS ->
                      db.update(TOTP_ENROLLMENTS)
                          .set(TOTP_ENROLLMENTS.SEALED_SECRET, row.sealed().sealed())
                          .set(TOTP_ENROLLMENTS.KEY_ID, row.sealed().keyId())
                          .where(TOTP_ENROLLMENTS.ID.eq(row.old().id()))
                          .and(TOTP_ENROLLMENTS.KEY_ID.eq(old.keyId()))
                          .and(TOTP_ENROLLMENTS.SEALED_SECRET.eq(old.sealed()))
                          // Confirmation wipes the secret; a confirmed row is never given one back.
                          .and(TOTP_ENROLLMENTS.CONFIRMED_AT.isNull())
                          .execute();
                };
          }
          return replaced;
        });
  }

  @Override
  public Map<String, Map<String, Integer>> rowsByKeyId(Instant now) {
    return KeyUsage.rowsByKeyId(dsl, now);
  }
}
