package dev.authsidecar.totp;

import dev.authsidecar.factor.TotpAlgorithm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The otpauth:// URI that authenticator apps scan (Google Authenticator "Key Uri Format"): {@code
 * otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=...&digits=...&period=...}
 */
final class OtpauthUri {
  private OtpauthUri() {}

  static String of(
      String issuer,
      String accountName,
      String base32Secret,
      TotpAlgorithm algorithm,
      int digits,
      int periodSeconds) {
    String label = encode(issuer) + ":" + encode(accountName);
    return "otpauth://totp/"
        + label
        + "?secret="
        + base32Secret
        + "&issuer="
        + encode(issuer)
        + "&algorithm="
        + algorithm.name()
        + "&digits="
        + digits
        + "&period="
        + periodSeconds;
  }

  // The format wants RFC 3986 percent-encoding; URLEncoder writes form encoding ('+' for space).
  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
