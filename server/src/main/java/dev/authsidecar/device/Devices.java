package dev.authsidecar.device;

import dev.authsidecar.crypto.KeyedHasher;
import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * README, Flows, 5 (remember this device): remember a device after a second factor, until forgotten
 * or expired.
 */
public final class Devices {
  /** 256 random bits, base64url without padding. */
  public static final int TOKEN_BYTES = 32;

  public static final int TOKEN_LENGTH = 43;

  /**
   * Unexpired remembered devices a user may have at once. Past it RememberDevice answers
   * RESOURCE_EXHAUSTED: ListDevices stays small, and a script cannot grow the table for one user.
   */
  public static final int MAX_DEVICES_PER_USER = 50;

  private static final String HASH_PURPOSE = "device-token";

  private final DeviceStore store;
  private final KeyedHasher hasher;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Devices(DeviceStore store, KeyedHasher hasher, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
  }

  public RememberedDevice remember(String userId, String label, Duration ttl) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    DeviceInfo device =
        new DeviceInfo(UUID.randomUUID(), label, now, now.plus(ttl), Optional.empty());
    store.add(
        userId,
        device,
        hasher.hash(HASH_PURPOSE, token),
        MAX_DEVICES_PER_USER,
        EventDraft.of(
            userId,
            EventType.DEVICE_REMEMBERED,
            Map.of("device_id", device.id().toString(), "label", label)));
    return new RememberedDevice(device.id(), token, device.expiresAt());
  }

  /** The device the token trusts, if it is the user's and still valid; records the use. */
  public Optional<UUID> check(String userId, String token) {
    return store.use(userId, hasher.candidates(HASH_PURPOSE, token), clock.instant());
  }

  public List<DeviceInfo> list(String userId) {
    return store.list(userId, clock.instant());
  }

  public void forget(String userId, UUID deviceId) {
    boolean forgotten =
        store.forget(
            userId,
            deviceId,
            EventDraft.of(
                userId, EventType.DEVICE_FORGOTTEN, Map.of("device_id", deviceId.toString())),
            clock.instant());
    if (!forgotten) {
      throw new NotFoundException("device_id", "device of this user");
    }
  }

  /** For password changes and "sign out everywhere". */
  public int forgetAll(String userId) {
    return store.forgetAll(
        userId, EventDraft.of(userId, EventType.ALL_DEVICES_FORGOTTEN), clock.instant());
  }

  /** The token is returned only here. */
  public record RememberedDevice(UUID id, String token, Instant expiresAt) {}
}
