package dev.authsidecar.factor;

/** The HMAC functions RFC 6238 §1.2 allows, with their JCA and otpauth URI names. */
public enum TotpAlgorithm {
  SHA1("HmacSHA1"),
  SHA256("HmacSHA256"),
  SHA512("HmacSHA512");

  private final String jcaName;

  TotpAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  public String jcaName() {
    return jcaName;
  }
}
