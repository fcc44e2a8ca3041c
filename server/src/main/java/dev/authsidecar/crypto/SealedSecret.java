package dev.authsidecar.crypto;

/** A secret encrypted at rest: {@code nonce || ciphertext || tag} under the key named by keyId. */
public record SealedSecret(String keyId, byte[] sealed) {}
