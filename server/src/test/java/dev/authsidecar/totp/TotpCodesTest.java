package dev.authsidecar.totp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.factor.TotpAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jboss.aerogear.security.otp.Totp;
import org.jboss.aerogear.security.otp.api.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpCodesTest {
  private static final byte[] SEED20 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED32 =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED64 =
      "1234567890123456789012345678901234567890123456789012345678901234"
          .getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 Appendix B, every row: time, algorithm, expected 8-digit TOTP. */
  @ParameterizedTest(name = "T={0} {1} -> {2}")
  @CsvSource({
    "59, SHA1, 94287082",
    "59, SHA256, 46119246",
    "59, SHA512, 90693936",
    "1111111109, SHA1, 07081804",
    "1111111109, SHA256, 68084774",
    "1111111109, SHA512, 25091201",
    "1111111111, SHA1, 14050471",
    "1111111111, SHA256, 67062674",
    "1111111111, SHA512, 99943326",
    "1234567890, SHA1, 89005924",
    "1234567890, SHA256, 91819424",
    "1234567890, SHA512, 93441116",
    "2000000000, SHA1, 69279037",
    "2000000000, SHA256, 90698825",
    "2000000000, SHA512, 38618901",
    "20000000000, SHA1, 65353130",
    "20000000000, SHA256, 77737706",
    "20000000000, SHA512, 47863826",
  })
  void code_matchesRfc6238AppendixB(long time, TotpAlgorithm algorithm, String expected) {
    byte[] seed =
        switch (algorithm) {
          case SHA1 -> SEED20;
          case SHA256 -> SEED32;
          case SHA512 -> SEED64;
        };
    long step = TotpCodes.timeStep(Instant.ofEpochSecond(time), 30);
    assertThat(TotpCodes.code(seed, algorithm, 8, step)).isEqualTo(expected);
  }

  @Test
  void code_agreesWithAnIndependentImplementationForSixDigitSha1() throws Exception {
    // aerogear-otp-java implements the SHA1/6-digit profile that most authenticator apps use.
    String secret = Base32.random();
    long now = 1_700_000_000_000L;
    String theirs = new Totp(secret, new FixedClock(now)).now();
    String ours =
        TotpCodes.code(
            Base32.decode(secret),
            TotpAlgorithm.SHA1,
            6,
            TotpCodes.timeStep(Instant.ofEpochMilli(now), 30));
    assertThat(ours).isEqualTo(theirs);
  }

  @Test
  void matches_comparesWholeCodes() {
    assertThat(TotpCodes.matches("123456", "123456")).isTrue();
    assertThat(TotpCodes.matches("123456", "123457")).isFalse();
    assertThat(TotpCodes.matches("123456", "12345678")).isFalse();
  }

  private static final class FixedClock extends org.jboss.aerogear.security.otp.api.Clock {
    private final long millis;

    FixedClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long getCurrentInterval() {
      return millis / 1000 / 30;
    }
  }
}
