package dev.authsidecar.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM sealing of factor secrets. The associated data binds each ciphertext to the row it
 * belongs to, so a secret copied into another user's row fails to open.
 */
public final class SecretSealer {
  private static final int NONCE_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs
  private static final int TAG_BITS = 128;

  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public SecretSealer(KeyRing keys) {
    this.keys = keys;
  }

  public SealedSecret seal(byte[] secret, String associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] ciphertext = run(Cipher.ENCRYPT_MODE, keys.activeKey(), nonce, associatedData, secret);
    byte[] sealed =
        ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
    return new SealedSecret(keys.activeKeyId(), sealed);
  }

  public byte[] open(SealedSecret secret, String associatedData) {
    SecretKey key =
        keys.key(secret.keyId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "sealing key '" + secret.keyId() + "' is not in " + KeyRing.VARIABLE));
    byte[] nonce = Arrays.copyOfRange(secret.sealed(), 0, NONCE_BYTES);
    byte[] ciphertext = Arrays.copyOfRange(secret.sealed(), NONCE_BYTES, secret.sealed().length);
    return run(Cipher.DECRYPT_MODE, key, nonce, associatedData, ciphertext);
  }

  private static byte[] run(
      int mode, SecretKey key, byte[] nonce, String associatedData, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // A tag mismatch means tampering or the wrong key: never fall back, never say more.
      throw new IllegalStateException("sealed secret failed to open", e);
    }
  }
}
