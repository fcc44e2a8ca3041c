package dev.authsidecar.webauthn;

import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A minimal ES256 authenticator for the benchmarks: one P-256 key pair from the JDK, the credential
 * record the server would have stored at registration, and assertions in the JSON form
 * credential.toJSON() gives (WebAuthn L3 §5.1.4). The server's tests use webauthn4j-test's
 * emulator; this module keeps to the JDK so the signed bytes are plain to see.
 */
final class SoftwareAuthenticator {
  /** WebAuthn L3 §6.1 flags: UP (bit 0) and UV (bit 2); no attested data in an assertion. */
  private static final byte FLAGS_UP_UV = 0x05;

  private final KeyPair keys;
  private final byte[] credentialId = new byte[32];

  SoftwareAuthenticator() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    keys = generator.generateKeyPair();
    new SecureRandom().nextBytes(credentialId);
  }

  ECPublicKey publicKey() {
    return (ECPublicKey) keys.getPublic();
  }

  /** The record registration would have stored (signCount 0, not backup eligible, UV seen). */
  StoredCredential storedCredential(String userId, ObjectConverter converter) {
    AttestedCredentialData data =
        new AttestedCredentialData(
            AAGUID.ZERO,
            credentialId,
            EC2COSEKey.create(publicKey(), COSEAlgorithmIdentifier.ES256));
    return new StoredCredential(
        UUID.randomUUID(),
        userId,
        WebAuthnOptions.b64(credentialId),
        WebAuthnOptions.b64(userId.getBytes(StandardCharsets.UTF_8)),
        new AttestedCredentialDataConverter(converter).convert(data),
        0,
        Set.of("usb"),
        AAGUID.ZERO.getValue(),
        "none",
        false,
        false,
        true);
  }

  /** One signed assertion: the bytes the authenticator and the browser produce for get(). */
  record Assertion(byte[] authenticatorData, byte[] clientDataJson, byte[] signature) {
    /** authenticatorData || SHA-256(clientDataJSON): what the signature covers (§6.3.3). */
    byte[] signedBytes() throws GeneralSecurityException {
      byte[] clientDataHash = MessageDigest.getInstance("SHA-256").digest(clientDataJson);
      return ByteBuffer.allocate(authenticatorData.length + clientDataHash.length)
          .put(authenticatorData)
          .put(clientDataHash)
          .array();
    }
  }

  Assertion sign(String rpId, String origin, byte[] challenge, int counter)
      throws GeneralSecurityException {
    byte[] rpIdHash =
        MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8));
    // §6.1: rpIdHash (32) | flags (1) | signCount (4, big-endian).
    byte[] authenticatorData =
        ByteBuffer.allocate(37).put(rpIdHash).put(FLAGS_UP_UV).putInt(counter).array();
    // §5.8.1.1 serialization order: type, challenge, origin, crossOrigin.
    String clientData =
        "{\"type\":\"webauthn.get\",\"challenge\":\""
            + WebAuthnOptions.b64(challenge)
            + "\",\"origin\":\""
            + origin
            + "\",\"crossOrigin\":false}";
    byte[] clientDataJson = clientData.getBytes(StandardCharsets.UTF_8);
    Assertion unsigned = new Assertion(authenticatorData, clientDataJson, null);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(unsigned.signedBytes());
    return new Assertion(authenticatorData, clientDataJson, signer.sign());
  }

  /** The assertion as credential.toJSON() gives it: the credential_json of FinishAuthentication. */
  String json(Assertion assertion, String userId, ObjectConverter converter) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", WebAuthnOptions.b64(assertion.clientDataJson()));
    response.put("authenticatorData", WebAuthnOptions.b64(assertion.authenticatorData()));
    response.put("signature", WebAuthnOptions.b64(assertion.signature()));
    response.put("userHandle", WebAuthnOptions.b64(userId.getBytes(StandardCharsets.UTF_8)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", WebAuthnOptions.b64(credentialId));
    json.put("rawId", WebAuthnOptions.b64(credentialId));
    json.put("type", "public-key");
    json.put("response", response);
    json.put("authenticatorAttachment", "cross-platform");
    json.put("clientExtensionResults", Map.of());
    return converter.getJsonConverter().writeValueAsString(json);
  }
}
