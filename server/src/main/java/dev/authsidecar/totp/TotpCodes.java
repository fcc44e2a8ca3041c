package dev.authsidecar.totp;

import dev.authsidecar.factor.TotpAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 time steps and RFC 4226 HOTP values. Pure functions, no state. */
public final class TotpCodes {
  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private TotpCodes() {}

  /** RFC 6238 §4.2: T = floor((unixtime - T0) / X), with T0 = 0. */
  public static long timeStep(Instant at, int periodSeconds) {
    return Math.floorDiv(at.getEpochSecond(), periodSeconds);
  }

  /** The code for one time step, zero-padded to {@code digits}. */
  public static String code(byte[] secret, TotpAlgorithm algorithm, int digits, long step) {
    byte[] hash = hmac(secret, algorithm, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    // RFC 4226 §5.4 dynamic truncation: the low 4 bits of the last byte pick the offset.
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    int otp = binary % POWERS_OF_TEN[digits];
    String text = Integer.toString(otp);
    return "0".repeat(digits - text.length()) + text;
  }

  /** Compares two codes without leaking through timing where they first differ. */
  public static boolean matches(String expected, String candidate) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        candidate.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, TotpAlgorithm algorithm, byte[] message) {
    try {
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(new SecretKeySpec(key, algorithm.jcaName()));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      // Every JDK ships HmacSHA1/256/512; reaching this is a broken runtime, not bad input.
      throw new IllegalStateException("HMAC unavailable: " + algorithm, e);
    }
  }
}
