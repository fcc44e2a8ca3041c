package dev.authsidecar.testing;

import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.totp.TotpCodes;
import java.time.Clock;
import java.time.Duration;
import org.jboss.aerogear.security.otp.api.Base32;

/** The user's authenticator app: it knows the secret the enrollment returned, nothing else. */
public record Authenticator(byte[] secret, TotpAlgorithm algorithm, int digits, Clock clock) {

  public static Authenticator scanning(BeginEnrollmentResponse enrollment, Clock clock) {
    try {
      return new Authenticator(
          Base32.decode(enrollment.getSecret()),
          TotpAlgorithm.valueOf(enrollment.getParameters().getAlgorithm().name().substring(15)),
          enrollment.getParameters().getDigits(),
          clock);
    } catch (Base32.DecodingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The code the app shows now. */
  public String code() {
    return codeAt(Duration.ZERO);
  }

  /** The code the app would show with its clock off by {@code offset}. */
  public String codeAt(Duration offset) {
    return TotpCodes.code(
        secret, algorithm, digits, TotpCodes.timeStep(clock.instant().plus(offset), 30));
  }

  /** A code of the right length that is not the current one nor a neighbour. */
  public String wrongCode() {
    String right = code();
    for (int i = 0; ; i++) {
      String candidate =
          String.format(
              "%0" + digits + "d",
              (Integer.parseInt(right.substring(0, 6)) + 1 + i * 7919) % 1_000_000);
      if (!candidate.equals(right)
          && !candidate.equals(codeAt(Duration.ofSeconds(-30)))
          && !candidate.equals(codeAt(Duration.ofSeconds(30)))) {
        return candidate;
      }
    }
  }
}
