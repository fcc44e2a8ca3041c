package dev.authsidecar.device;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The database questions remembered devices ask; changes write their event with them. */
public interface DeviceStore {
  /**
   * Adds the device under the user's row lock, after dropping the user's expired devices; throws
   * {@link dev.authsidecar.error.LimitExceededException}, with nothing written, when the user
   * already has {@code maxDevices} unexpired ones.
   */
  void add(String userId, DeviceInfo device, KeyedHash token, int maxDevices, EventDraft event);

  /**
   * Records the use of the device whose token matches one candidate, if unexpired at {@code now},
   * in one conditional update; returns its id, or empty when the token trusts nothing.
   */
  Optional<UUID> use(String userId, List<KeyedHash> candidates, Instant now);

  /** The user's devices that have not expired, newest first. */
  List<DeviceInfo> list(String userId, Instant now);

  boolean forget(String userId, UUID deviceId, EventDraft event, Instant now);

  /** Forgets every device of the user; returns how many there were. */
  int forgetAll(String userId, EventDraft event, Instant now);
}
