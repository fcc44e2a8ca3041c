package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.DEVICES;
import static dev.authsidecar.store.jooq.Tables.RECOVERY_CODES;
import static dev.authsidecar.store.jooq.Tables.TEMPORARY_CODES;
import static dev.authsidecar.store.jooq.Tables.TOTP_ENROLLMENTS;
import static dev.authsidecar.store.jooq.Tables.TOTP_FACTORS;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Which master keys the stored secrets and hashes depend on. A row counts only while a key can
 * still matter for it: an expired device token or a spent or expired temporary code never matches
 * again, so it does not hold its key (after the key is dropped such a code is answered like any
 * unknown code).
 */
public final class KeyUsage {
  private KeyUsage() {}

  /** A table whose rows name a key, and which of its rows still need that key. */
  private record Usage(Table<?> table, Field<String> keyId, Condition needed) {}

  private static List<Usage> usages(Instant now) {
    return List.of(
        new Usage(TOTP_FACTORS, TOTP_FACTORS.KEY_ID, DSL.trueCondition()),
        // A confirmed enrollment's secret was wiped: the factor row holds it now.
        new Usage(
            TOTP_ENROLLMENTS, TOTP_ENROLLMENTS.KEY_ID, TOTP_ENROLLMENTS.CONFIRMED_AT.isNull()),
        // Used codes stay too: they are how a replayed code is told apart from a wrong one.
        new Usage(RECOVERY_CODES, RECOVERY_CODES.KEY_ID, DSL.trueCondition()),
        new Usage(
            TEMPORARY_CODES,
            TEMPORARY_CODES.KEY_ID,
            TEMPORARY_CODES.USED_AT.isNull().and(TEMPORARY_CODES.EXPIRES_AT.gt(now))),
        new Usage(DEVICES, DEVICES.KEY_ID, DEVICES.EXPIRES_AT.gt(now)));
  }

  /** Every key id that seals a secret or keys a hash in the database that may still be used. */
  public static Set<String> keyIdsInUse(DSLContext dsl, Instant now) {
    Set<String> ids = new TreeSet<>();
    rowsByKeyId(dsl, now).values().forEach(counts -> ids.addAll(counts.keySet()));
    return ids;
  }

  /**
   * For each table (by name, in a fixed order), how many rows that may still be used depend on each
   * key id.
   */
  public static Map<String, Map<String, Integer>> rowsByKeyId(DSLContext dsl, Instant now) {
    Map<String, Map<String, Integer>> tables = new LinkedHashMap<>();
    for (Usage usage : usages(now)) {
      Map<String, Integer> counts = new TreeMap<>();
      dsl.select(usage.keyId(), DSL.count())
          .from(usage.table())
          .where(usage.needed())
          .groupBy(usage.keyId())
          .forEach(r -> counts.put(r.value1(), r.value2()));
      tables.put(usage.table().getName(), counts);
    }
    return tables;
  }
}
