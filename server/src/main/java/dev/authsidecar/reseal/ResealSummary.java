package dev.authsidecar.reseal;

import dev.authsidecar.reseal.SealedSecretStore.Place;
import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a re-seal.
 *
 * @param resealed secrets moved to the primary key by this run
 * @param unreadable secrets that failed to open (unknown key or a tampered row); left as they are
 * @param stillUnderOtherKeys sealed secrets not under the primary key after the run, per place; all
 *     zero when the run is complete
 * @param keyedHashesUnderOtherKeys per table, per old key id, how many keyed-hash rows that may
 *     still be used depend on it: they cannot be re-hashed, see README "Key rotation"
 */
public record ResealSummary(
    String primaryKeyId,
    int resealed,
    int unreadable,
    Map<Place, Integer> stillUnderOtherKeys,
    Map<String, Map<String, Integer>> keyedHashesUnderOtherKeys,
    Duration elapsed) {

  /** True when every sealed TOTP secret is under the primary key. */
  public boolean complete() {
    return stillUnderOtherKeys.values().stream().allMatch(n -> n == 0);
  }

  public double rate() {
    return RowRate.perSecond(resealed, elapsed);
  }
}
