package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.DEVICES;
import static dev.authsidecar.store.jooq.Tables.RECOVERY_CODES;
import static dev.authsidecar.store.jooq.Tables.TEMPORARY_CODES;
import static dev.authsidecar.store.jooq.Tables.TOTP_ENROLLMENTS;
import static dev.authsidecar.store.jooq.Tables.TOTP_FACTORS;

import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;

/** Which master keys the stored secrets and hashes depend on. */
public final class KeyUsage {
  private KeyUsage() {}

  /** Every key id that seals a secret or keys a hash in the database. */
  public static Set<String> keyIdsInUse(DSLContext dsl) {
    Set<String> ids = new TreeSet<>();
    ids.addAll(
        dsl.selectDistinct(TOTP_FACTORS.KEY_ID).from(TOTP_FACTORS).fetch(TOTP_FACTORS.KEY_ID));
    ids.addAll(
        dsl.selectDistinct(TOTP_ENROLLMENTS.KEY_ID)
            .from(TOTP_ENROLLMENTS)
            .where(TOTP_ENROLLMENTS.CONFIRMED_AT.isNull())
            .fetch(TOTP_ENROLLMENTS.KEY_ID));
    ids.addAll(
        dsl.selectDistinct(RECOVERY_CODES.KEY_ID)
            .from(RECOVERY_CODES)
            .fetch(RECOVERY_CODES.KEY_ID));
    ids.addAll(
        dsl.selectDistinct(TEMPORARY_CODES.KEY_ID)
            .from(TEMPORARY_CODES)
            .fetch(TEMPORARY_CODES.KEY_ID));
    ids.addAll(dsl.selectDistinct(DEVICES.KEY_ID).from(DEVICES).fetch(DEVICES.KEY_ID));
    return ids;
  }
}
