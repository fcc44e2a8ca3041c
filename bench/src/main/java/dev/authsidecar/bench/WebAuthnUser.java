package dev.authsidecar.bench;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user with a software security key (webauthn4j-test's emulator: ES256, "none" attestation)
 * behind a browser that reads options_json as PublicKeyCredential.parse*OptionsFromJSON() does and
 * answers what credential.toJSON() returns. One user is driven by one thread at a time: the
 * emulator's signature counter is not thread-safe.
 */
final class WebAuthnUser {
  /** The sidecar's default relying party (AUTHSIDECAR_WEBAUTHN_RP_ID / _ORIGINS unset). */
  static final String ORIGIN = "http://localhost:8080";

  private static final ObjectConverter CONVERTER = new ObjectConverter();

  final String id;
  private final ClientPlatform platform =
      new ClientPlatform(
          new Origin(ORIGIN), new WebAuthnAuthenticatorAdaptor(new NoneAttestationAuthenticator()));

  WebAuthnUser(String id) {
    this.id = id;
  }

  /** navigator.credentials.create() on StartRegistration's options, as RegistrationResponseJSON. */
  String create(String optionsJson) {
    ObjectNode options = (ObjectNode) CONVERTER.getJsonMapper().readTree(optionsJson);
    options.remove("extensions"); // names the emulator does not know
    PublicKeyCredential<AuthenticatorAttestationResponse, ?> credential =
        platform.create(
            CONVERTER
                .getJsonConverter()
                .readValue(options.toString(), PublicKeyCredentialCreationOptions.class));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", b64(credential.getResponse().getClientDataJSON()));
    response.put("attestationObject", b64(credential.getResponse().getAttestationObject()));
    response.put("transports", new String[0]);
    return toJson(credential.getRawId(), response);
  }

  /** navigator.credentials.get() on StartAuthentication's options: an ES256 assertion. */
  String get(String optionsJson) {
    ObjectNode options = (ObjectNode) CONVERTER.getJsonMapper().readTree(optionsJson);
    if (options.has("allowCredentials")) {
      options.withArray("allowCredentials").forEach(d -> ((ObjectNode) d).remove("transports"));
    }
    PublicKeyCredential<AuthenticatorAssertionResponse, ?> credential =
        platform.get(
            CONVERTER
                .getJsonConverter()
                .readValue(options.toString(), PublicKeyCredentialRequestOptions.class));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", b64(credential.getResponse().getClientDataJSON()));
    response.put("authenticatorData", b64(credential.getResponse().getAuthenticatorData()));
    response.put("signature", b64(credential.getResponse().getSignature()));
    return toJson(credential.getRawId(), response);
  }

  private static String toJson(byte[] rawId, Map<String, Object> response) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", b64(rawId));
    json.put("rawId", b64(rawId));
    json.put("type", "public-key");
    json.put("response", response);
    json.put("clientExtensionResults", Map.of());
    return CONVERTER.getJsonConverter().writeValueAsString(json);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
