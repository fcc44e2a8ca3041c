package dev.authsidecar.validation;

import dev.authsidecar.error.InvalidArgumentException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalisation of typed codes. It runs before anything else looks at a code, so " 123 456",
 * "123-456" and "123456" are one code for replay, retries and lockout alike.
 */
public final class Codes {
  /** Far above any real code; keeps pasted garbage out of every later step. */
  private static final int MAX_RAW_LENGTH = 64;

  private Codes() {}

  /** Drops spaces and hyphens and folds case. */
  public static String normalize(String field, String raw) {
    if (raw.length() > MAX_RAW_LENGTH) {
      throw new InvalidArgumentException(
          field, "must be at most " + MAX_RAW_LENGTH + " characters, got " + raw.length());
    }
    // NFKC folds fullwidth digits and letters to ASCII; then every kind of space, dash and
    // invisible format character (zero-width space, BOM) goes.
    String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(folded.length());
    folded
        .codePoints()
        .filter(
            c ->
                !Character.isWhitespace(c)
                    && !Character.isSpaceChar(c)
                    && Character.getType(c) != Character.DASH_PUNCTUATION
                    && Character.getType(c) != Character.FORMAT
                    && c != '\u2212')
        .forEach(out::appendCodePoint);
    if (out.isEmpty()) {
      throw new InvalidArgumentException(field, "is required");
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  /** A TOTP code: 6 or 8 ASCII digits after normalisation. */
  public static String totp(String field, String raw) {
    String code = normalize(field, raw);
    if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidArgumentException(field, "must contain only digits");
    }
    if (code.length() != 6 && code.length() != 8) {
      throw new InvalidArgumentException(field, "must be 6 or 8 digits, got " + code.length());
    }
    return code;
  }

  /**
   * A typed Crockford base32 code of {@code length} characters: O reads as 0 and I or L as 1, as
   * the alphabet's author intended, so a misread character still matches.
   */
  public static String crockford(String field, String raw, int length, String what) {
    String code = normalize(field, raw).replace('O', '0').replace('I', '1').replace('L', '1');
    if (code.length() != length
        || !code.chars()
            .allMatch(c -> dev.authsidecar.crypto.RandomCodes.ALPHABET.indexOf(c) >= 0)) {
      throw new InvalidArgumentException(
          field, "must be " + what + " of " + length + " letters and digits");
    }
    return code;
  }

  /** True when the normalised code has the shape of a TOTP code (6 or 8 digits). */
  public static boolean looksLikeTotp(String normalized) {
    return (normalized.length() == 6 || normalized.length() == 8)
        && normalized.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
