package dev.authsidecar.webauthn;

import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the options in the JSON form of WebAuthn L3 §5.1.8 and §5.1.9, which the browser turns
 * into create()/get() arguments with PublicKeyCredential.parse*OptionsFromJSON(): binary values are
 * base64url strings.
 */
final class WebAuthnOptions {
  /**
   * COSE algorithms offered, in order of preference: ES256, EdDSA, RS256 (IANA COSE registry).
   * Registration accepts only these (WebAuthn L3 §7.1 step 19).
   */
  static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

  private final JsonMapper json;
  private final RelyingParty rp;

  WebAuthnOptions(JsonMapper json, RelyingParty rp) {
    this.json = json;
    this.rp = rp;
  }

  /** PublicKeyCredentialCreationOptionsJSON. */
  String creation(
      Ceremony ceremony,
      String userHandle,
      String userName,
      String displayName,
      Ceremony.Requirement residentKey,
      Optional<String> attachment,
      AttestationConveyancePreference attestation,
      List<StoredCredential> exclude) {
    ObjectNode options = json.createObjectNode();
    options.putObject("rp").put("id", rp.id()).put("name", rp.name());
    options
        .putObject("user")
        .put("id", userHandle)
        .put("name", userName)
        .put("displayName", displayName);
    options.put("challenge", b64(ceremony.challenge()));
    ArrayNode params = options.putArray("pubKeyCredParams");
    ALGORITHMS.forEach(
        p ->
            params
                .addObject()
                .put("type", p.getType().getValue())
                .put("alg", p.getAlg().getValue()));
    options.put("timeout", rp.ceremonyTtl().toMillis());
    // WebAuthn L3 §5.4.3: listing the user's credentials stops a second registration of one.
    descriptors(options.putArray("excludeCredentials"), exclude);
    ObjectNode selection = options.putObject("authenticatorSelection");
    selection
        .put("residentKey", residentKey.json())
        .put("requireResidentKey", residentKey == Ceremony.Requirement.REQUIRED)
        .put("userVerification", ceremony.userVerification().json());
    attachment.ifPresent(a -> selection.put("authenticatorAttachment", a));
    options.put("attestation", attestation.getValue());
    options.putObject("extensions").put("credProps", true);
    return json.writeValueAsString(options);
  }

  /** PublicKeyCredentialRequestOptionsJSON; no allowCredentials in the discoverable flow. */
  String request(Ceremony ceremony, List<StoredCredential> allow) {
    ObjectNode options = json.createObjectNode();
    options.put("challenge", b64(ceremony.challenge()));
    options.put("timeout", rp.ceremonyTtl().toMillis());
    options.put("rpId", rp.id());
    if (!allow.isEmpty()) {
      descriptors(options.putArray("allowCredentials"), allow);
    }
    options.put("userVerification", ceremony.userVerification().json());
    return json.writeValueAsString(options);
  }

  private static void descriptors(ArrayNode array, List<StoredCredential> credentials) {
    for (StoredCredential credential : credentials) {
      ObjectNode descriptor =
          array.addObject().put("type", "public-key").put("id", credential.credentialId());
      ArrayNode transports = descriptor.putArray("transports");
      credential.transports().stream().sorted().forEach(transports::add);
    }
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
