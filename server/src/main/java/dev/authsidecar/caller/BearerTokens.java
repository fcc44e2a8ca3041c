package dev.authsidecar.caller;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Caller tokens as the sidecar keeps them: only an HMAC-SHA256 under a key made at start-up and
 * never written anywhere, so a heap dump or a debugger shows no usable token, and comparisons run
 * in constant time.
 */
final class BearerTokens {
  /** RFC 6750 §2.1 b64token characters; 32 or more, so a token carries at least ~190 bits. */
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._~+/=-]{32,512}");

  private final SecretKeySpec key;

  BearerTokens() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.key = new SecretKeySpec(random, "HmacSHA256");
  }

  static void requireWellFormed(String token, String where) {
    if (!WELL_FORMED.matcher(token).matches()) {
      throw new CallersFileException(
          where,
          "a token must be 32-512 characters of [A-Za-z0-9._~+/=-], e.g. from"
              + " `openssl rand -base64 32`");
    }
  }

  static boolean wellFormed(String token) {
    return WELL_FORMED.matcher(token).matches();
  }

  byte[] hash(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static boolean same(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
