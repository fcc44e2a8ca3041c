package dev.authsidecar.totp;

/** The HMAC functions RFC 6238 §1.2 allows, with their JCA and otpauth URI names. */
public enum TotpAlgorithm {
  SHA1("HmacSHA1"),
  SHA256("HmacSHA256"),
  SHA512("HmacSHA512");

  private final String jcaName;

  TotpAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  String jcaName() {
    return jcaName;
  }
}
