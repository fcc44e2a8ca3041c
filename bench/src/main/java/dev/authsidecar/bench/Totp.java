package dev.authsidecar.bench;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The client's TOTP codes, from java-otp (SHA1, 6 digits, 30 s: the sidecar's defaults) and
 * commons-codec's base32, like the Java client scenario: an outside client, not the sidecar's code.
 */
final class Totp {
  private static final long PERIOD_SECONDS = 30;

  private Totp() {}

  /** The code of time step {@code step}. */
  static String code(byte[] secret, long step) {
    try {
      return new TimeBasedOneTimePasswordGenerator()
          .generateOneTimePasswordString(
              new SecretKeySpec(secret, "HmacSHA1"), Instant.ofEpochSecond(step * PERIOD_SECONDS));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] base32(String secret) {
    return new Base32().decode(secret);
  }
}
