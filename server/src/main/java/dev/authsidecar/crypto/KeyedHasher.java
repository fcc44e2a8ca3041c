package dev.authsidecar.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) of codes and tokens that are stored only to be recognised again:
 * recovery codes, temporary codes, device tokens. Without the server key a stolen table cannot be
 * brute-forced offline, even for short codes.
 *
 * <p>Each master key yields its own hashing subkey, and every hash carries the purpose it was made
 * for, so a recovery-code hash never matches a device-token hash.
 */
public final class KeyedHasher {
  private static final byte[] SUBKEY_LABEL =
      "authsidecar keyed-hash subkey v1".getBytes(StandardCharsets.UTF_8);

  private final KeyRing keys;

  public KeyedHasher(KeyRing keys) {
    this.keys = keys;
  }

  /** The hash under the active key, for storing. */
  public KeyedHash hash(String purpose, String value) {
    return new KeyedHash(keys.activeKeyId(), mac(keys.activeKey(), purpose, value));
  }

  /** The hash under every configured key, for looking a value up while keys rotate. */
  public List<KeyedHash> candidates(String purpose, String value) {
    return keys.ids().stream()
        .map(id -> new KeyedHash(id, mac(keys.key(id).orElseThrow(), purpose, value)))
        .toList();
  }

  private static byte[] mac(SecretKey master, String purpose, String value) {
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(master);
      SecretKeySpec subkey = new SecretKeySpec(derive.doFinal(SUBKEY_LABEL), "HmacSHA256");
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(subkey);
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A stored hash and the id of the key it was made under. */
  public record KeyedHash(String keyId, byte[] hash) {}
}
