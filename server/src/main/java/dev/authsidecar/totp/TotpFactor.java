package dev.authsidecar.totp;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.factor.TotpAlgorithm;
import java.util.UUID;

/**
 * An active TOTP factor as verification needs it.
 *
 * @param lastStep the newest accepted time step; only later steps can be accepted
 */
public record TotpFactor(
    UUID id,
    String userId,
    SealedSecret secret,
    TotpAlgorithm algorithm,
    int digits,
    int periodSeconds,
    long lastStep) {

  /** The associated data that binds a sealed TOTP secret to its factor and user. */
  public static String sealingContext(UUID factorId, String userId) {
    return "totp:" + factorId + ":" + userId;
  }
}
