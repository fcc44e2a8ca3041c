package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.RECOVERY_CODES;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.recovery.RecoveryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Recovery codes as keyed hashes in PostgreSQL or H2. */
public final class JooqRecoveryStore implements RecoveryStore {
  private final DSLContext dsl;

  public JooqRecoveryStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public void replace(String userId, List<KeyedHash> codes, Instant now, EventDraft event) {
    dsl.transaction(
        tx -> {
          DSLContext db = tx.dsl();
          Accounts.lock(db, userId, now);
          // Regenerating ends the old codes (and answers remembered about them) and a reset's
          // temporary code.
          Accounts.factorAdded(db, userId);
          db.deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(userId)).execute();
          var insert =
              db.insertInto(
                  RECOVERY_CODES,
                  RECOVERY_CODES.ID,
                  RECOVERY_CODES.USER_ID,
                  RECOVERY_CODES.CODE_HASH,
                  RECOVERY_CODES.KEY_ID,
                  RECOVERY_CODES.GENERATED_AT);
          for (KeyedHash code : codes) {
            insert = insert.values(UUID.randomUUID(), userId, code.hash(), code.keyId(), now);
          }
          insert.execute();
          JooqEventStore.insert(db, event, now);
        });
  }

  @Override
  public <T> Optional<T> decide(String userId, Instant now, Decision<T> decision) {
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          return JooqLockoutStore.lockIfExists(db, userId, now)
              .map(counter -> decision.decide(counter, new UserCodes(db, userId, now)));
        });
  }

  /** The user's codes in a transaction of {@link #decide}. */
  private record UserCodes(DSLContext db, String userId, Instant now) implements Codes {
    @Override
    public boolean consume(List<KeyedHash> candidates) {
      return consumeOne(db, userId, candidates, now);
    }

    @Override
    public Optional<Integer> remaining() {
      var counts =
          db.select(DSL.count(), DSL.count().filterWhere(RECOVERY_CODES.USED_AT.isNull()))
              .from(RECOVERY_CODES)
              .where(RECOVERY_CODES.USER_ID.eq(userId))
              .fetchOne();
      return counts.value1() == 0 ? Optional.empty() : Optional.of(counts.value2());
    }

    @Override
    public Replay replay(List<KeyedHash> candidates, Duration quiet) {
      var used =
          RECOVERY_CODES
              .USER_ID
              .eq(userId)
              .and(RECOVERY_CODES.USED_AT.isNotNull())
              .and(
                  KeyedHashes.matches(RECOVERY_CODES.KEY_ID, RECOVERY_CODES.CODE_HASH, candidates));
      int reported =
          db.update(RECOVERY_CODES)
              .set(RECOVERY_CODES.REPLAYED_AT, now)
              .where(used)
              .and(
                  RECOVERY_CODES
                      .REPLAYED_AT
                      .isNull()
                      .or(RECOVERY_CODES.REPLAYED_AT.le(now.minus(quiet))))
              .execute();
      if (reported > 0) {
        return Replay.REPORT;
      }
      return db.fetchExists(RECOVERY_CODES, used) ? Replay.QUIET : Replay.NONE;
    }

    @Override
    public void write(List<EventDraft> events) {
      events.forEach(e -> JooqEventStore.insert(db, e, now));
    }
  }

  /**
   * The decision: a code is used at most once because only one update can move its used_at from
   * null. Shared with the recovery-code proof of DisableTwoFactor.
   */
  static boolean consumeOne(DSLContext db, String userId, List<KeyedHash> candidates, Instant now) {
    return db.update(RECOVERY_CODES)
            .set(RECOVERY_CODES.USED_AT, now)
            .where(RECOVERY_CODES.USER_ID.eq(userId))
            .and(RECOVERY_CODES.USED_AT.isNull())
            .and(KeyedHashes.matches(RECOVERY_CODES.KEY_ID, RECOVERY_CODES.CODE_HASH, candidates))
            .execute()
        == 1;
  }
}
