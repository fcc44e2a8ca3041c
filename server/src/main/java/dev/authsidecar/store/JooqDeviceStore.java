package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.DEVICES;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.device.DeviceInfo;
import dev.authsidecar.device.DeviceStore;
import dev.authsidecar.error.LimitExceededException;
import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Remembered devices, with keyed hashes of their tokens, in PostgreSQL or H2. */
public final class JooqDeviceStore implements DeviceStore {
  private final DSLContext dsl;

  public JooqDeviceStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public void add(
      String userId, DeviceInfo device, KeyedHash token, int maxDevices, EventDraft event) {
    dsl.transaction(
        tx -> {
          DSLContext db = tx.dsl();
          Accounts.lock(db, userId, device.createdAt());
          // Under the row lock, so replicas racing for the last place cannot both take it.
          db.deleteFrom(DEVICES)
              .where(DEVICES.USER_ID.eq(userId))
              .and(DEVICES.EXPIRES_AT.le(device.createdAt()))
              .execute();
          if (db.fetchCount(DEVICES, DEVICES.USER_ID.eq(userId)) >= maxDevices) {
            throw new LimitExceededException(
                "user_id",
                "has "
                    + maxDevices
                    + " remembered devices, the most allowed; forget one (ForgetDevice) first");
          }
          db.insertInto(DEVICES)
              .set(DEVICES.ID, device.id())
              .set(DEVICES.USER_ID, userId)
              .set(DEVICES.LABEL, device.label())
              .set(DEVICES.TOKEN_HASH, token.hash())
              .set(DEVICES.KEY_ID, token.keyId())
              .set(DEVICES.CREATED_AT, device.createdAt())
              .set(DEVICES.EXPIRES_AT, device.expiresAt())
              .execute();
          JooqEventStore.insert(db, event, device.createdAt());
        });
  }

  @Override
  public Optional<UUID> use(String userId, List<KeyedHash> candidates, Instant now) {
    var trusted =
        DEVICES
            .USER_ID
            .eq(userId)
            .and(DEVICES.EXPIRES_AT.gt(now))
            .and(KeyedHashes.matches(DEVICES.KEY_ID, DEVICES.TOKEN_HASH, candidates));
    return dsl.transactionResult(
        tx -> {
          int used =
              tx.dsl().update(DEVICES).set(DEVICES.LAST_USED_AT, now).where(trusted).execute();
          if (used == 0) {
            return Optional.<UUID>empty();
          }
          return Optional.ofNullable(
              tx.dsl()
                  .select(DEVICES.ID)
                  .from(DEVICES)
                  .where(trusted)
                  .limit(1)
                  .fetchOne(DEVICES.ID));
        });
  }

  @Override
  public List<DeviceInfo> list(String userId, Instant now) {
    return dsl.selectFrom(DEVICES)
        .where(DEVICES.USER_ID.eq(userId))
        .and(DEVICES.EXPIRES_AT.gt(now))
        .orderBy(DEVICES.CREATED_AT.desc(), DEVICES.ID)
        .fetch(
            r ->
                new DeviceInfo(
                    r.getId(),
                    r.getLabel(),
                    r.getCreatedAt(),
                    r.getExpiresAt(),
                    Optional.ofNullable(r.getLastUsedAt())));
  }

  @Override
  public boolean forget(String userId, UUID deviceId, EventDraft event, Instant now) {
    return dsl.transactionResult(
        tx -> {
          int deleted =
              tx.dsl()
                  .deleteFrom(DEVICES)
                  .where(DEVICES.ID.eq(deviceId))
                  .and(DEVICES.USER_ID.eq(userId))
                  .execute();
          if (deleted == 1) {
            JooqEventStore.insert(tx.dsl(), event, now);
          }
          return deleted == 1;
        });
  }

  @Override
  public int forgetAll(String userId, EventDraft event, Instant now) {
    return dsl.transactionResult(
        tx -> {
          int deleted = tx.dsl().deleteFrom(DEVICES).where(DEVICES.USER_ID.eq(userId)).execute();
          JooqEventStore.insert(tx.dsl(), event.with("forgotten", Integer.toString(deleted)), now);
          return deleted;
        });
  }
}
