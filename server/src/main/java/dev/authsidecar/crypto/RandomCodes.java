package dev.authsidecar.crypto;

import java.security.SecureRandom;

/**
 * Random codes people type: Crockford's base32 alphabet (no I, L, O, U), 5 bits a character, so a
 * 10-character code holds 50 bits.
 */
public final class RandomCodes {
  public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomCodes() {}

  /** {@code length} random characters of {@link #ALPHABET}. */
  public static String generate(int length) {
    StringBuilder code = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  /** Lower case, in hyphen-separated groups, the way a person reads it best. */
  public static String display(String code, int groupSize) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < code.length(); i += groupSize) {
      if (i > 0) {
        out.append('-');
      }
      out.append(code, i, Math.min(code.length(), i + groupSize));
    }
    return out.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
