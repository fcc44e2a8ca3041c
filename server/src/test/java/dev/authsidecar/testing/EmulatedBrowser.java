package dev.authsidecar.testing;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.test.authenticator.AuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * A browser with an emulated authenticator (webauthn4j-test): it reads options_json the way
 * PublicKeyCredential.parse*OptionsFromJSON() does and answers what credential.toJSON() returns.
 */
public final class EmulatedBrowser {
  private static final ObjectConverter CONVERTER = new ObjectConverter();

  private final ClientPlatform platform;

  public EmulatedBrowser(String origin, AuthenticatorAdaptor authenticator) {
    this.platform = new ClientPlatform(new Origin(origin), authenticator);
  }

  public void moveTo(String origin) {
    platform.setOrigin(new Origin(origin));
  }

  /** navigator.credentials.create() followed by credential.toJSON(). */
  public String create(String optionsJson) {
    return create(optionsJson, UnaryOperator.identity());
  }

  /** create(), after the test tampered with the options (e.g. another RP ID). */
  public String create(String optionsJson, UnaryOperator<ObjectNode> tamper) {
    ObjectNode options = (ObjectNode) CONVERTER.getJsonMapper().readTree(optionsJson);
    // The JSON form names transports and hints the emulator does not know; drop them.
    options.remove("extensions");
    if (options.has("excludeCredentials")) {
      options.withArray("excludeCredentials").forEach(d -> ((ObjectNode) d).remove("transports"));
    }
    PublicKeyCredentialCreationOptions parsed =
        CONVERTER
            .getJsonConverter()
            .readValue(tamper.apply(options).toString(), PublicKeyCredentialCreationOptions.class);
    PublicKeyCredential<AuthenticatorAttestationResponse, ?> credential = platform.create(parsed);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", b64(credential.getResponse().getClientDataJSON()));
    response.put("attestationObject", b64(credential.getResponse().getAttestationObject()));
    response.put(
        "transports",
        credential.getResponse().getTransports() == null
            ? new String[0]
            : credential.getResponse().getTransports().stream()
                .map(AuthenticatorTransport::getValue)
                .toArray(String[]::new));
    return toJson(credential.getRawId(), response);
  }

  /** navigator.credentials.get() followed by credential.toJSON(). */
  public String get(String optionsJson) {
    return get(optionsJson, UnaryOperator.identity());
  }

  /** get(), after the test tampered with the options. */
  public String get(String optionsJson, UnaryOperator<ObjectNode> tamper) {
    ObjectNode options = (ObjectNode) CONVERTER.getJsonMapper().readTree(optionsJson);
    if (options.has("allowCredentials")) {
      options.withArray("allowCredentials").forEach(d -> ((ObjectNode) d).remove("transports"));
    }
    PublicKeyCredentialRequestOptions parsed =
        CONVERTER
            .getJsonConverter()
            .readValue(tamper.apply(options).toString(), PublicKeyCredentialRequestOptions.class);
    PublicKeyCredential<AuthenticatorAssertionResponse, ?> credential = platform.get(parsed);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", b64(credential.getResponse().getClientDataJSON()));
    response.put("authenticatorData", b64(credential.getResponse().getAuthenticatorData()));
    response.put("signature", b64(credential.getResponse().getSignature()));
    if (credential.getResponse().getUserHandle() != null) {
      response.put("userHandle", b64(credential.getResponse().getUserHandle()));
    }
    return toJson(credential.getRawId(), response);
  }

  /**
   * The same assertion JSON with the UV flag (WebAuthn L3 §6.1, bit 2) cleared, as an authenticator
   * without PIN or biometrics would leave it; the emulators always verify the user.
   */
  public static String withoutUserVerified(String credentialJson) {
    return withAuthenticatorData(
        credentialJson,
        data -> {
          data[32] &= ~0x04;
          return data;
        });
  }

  /** The same assertion JSON with its authenticatorData changed (signature left as it was). */
  public static String withAuthenticatorData(String credentialJson, UnaryOperator<byte[]> change) {
    ObjectNode json = (ObjectNode) CONVERTER.getJsonMapper().readTree(credentialJson);
    ObjectNode response = (ObjectNode) json.get("response");
    byte[] data = Base64.getUrlDecoder().decode(response.get("authenticatorData").asText());
    response.put("authenticatorData", b64(change.apply(data)));
    return json.toString();
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
