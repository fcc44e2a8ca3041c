package dev.authsidecar.demo;

import com.google.common.io.BaseEncoding;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What an authenticator app does: RFC 6238 with the defaults (HMAC-SHA1, 6 digits, 30 s). */
final class TotpCodes {
  private TotpCodes() {}

  static String at(String base32Secret, Instant time) {
    byte[] key =
        BaseEncoding.base32()
            .omitPadding()
            .decode(base32Secret.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT));
    long step = time.getEpochSecond() / 30;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
      // RFC 4226 §5.3 dynamic truncation.
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ByteBuffer.wrap(hash, offset, Integer.BYTES).getInt() & 0x7fffffff;
      return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }
}
