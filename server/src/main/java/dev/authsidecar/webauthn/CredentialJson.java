package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.RegistrationData;
import dev.authsidecar.error.InvalidArgumentException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the shape of credential_json (what credential.toJSON() returns, WebAuthn L3 §5.1.3 and
 * §5.1.4) before webauthn4j reads it and before the ceremony is spent. A caller gets a fixed,
 * field-named description; the library's own text (Java names, parser positions) is logged at DEBUG
 * only, since it says nothing the caller can act on and describes server internals.
 */
final class CredentialJson {
  private static final Logger log = LoggerFactory.getLogger(CredentialJson.class);

  static final String FIELD = "credential_json";
  static final String TRANSPORTS_FIELD = "credential_json.response.transports";

  /** Far above any real credential (a few KB with attestation). */
  static final int MAX_LENGTH = 64 * 1024;

  /**
   * AuthenticatorTransport values of WebAuthn L3 §5.8.4. Others are dropped, not refused: the spec
   * asks relying parties to tolerate values added later, and an unknown hint is useless in
   * allowCredentials anyway.
   */
  static final Set<String> KNOWN_TRANSPORTS =
      Set.of("usb", "nfc", "ble", "smart-card", "hybrid", "internal");

  /** Room for every known transport and a few future ones; more is not a browser's answer. */
  static final int MAX_TRANSPORTS = 16;

  /** Longer than any transport name the spec has or is likely to get. */
  static final int MAX_TRANSPORT_LENGTH = 32;

  private static final List<String> ATTESTATION_FIELDS =
      List.of("clientDataJSON", "attestationObject");
  private static final List<String> ASSERTION_FIELDS =
      List.of("clientDataJSON", "authenticatorData", "signature");

  private final JsonMapper json;
  private final WebAuthnManager parser;

  CredentialJson(ObjectConverter converter) {
    this.json = converter.getJsonMapper();
    // Reading needs no attestation policy: the non-strict setup parses every format.
    this.parser = WebAuthnManager.createNonStrictWebAuthnManager(converter);
  }

  /** Checks, then reads, a RegistrationResponseJSON. */
  RegistrationData readRegistration(String credentialJson) {
    checkRegistration(credentialJson);
    return decode(credentialJson, parser::parseRegistrationResponseJSON);
  }

  /** Checks, then reads, an AuthenticationResponseJSON. */
  AuthenticationData readAuthentication(String credentialJson) {
    checkAuthentication(credentialJson);
    return decode(credentialJson, parser::parseAuthenticationResponseJSON);
  }

  /** RegistrationResponseJSON: id, rawId, response.clientDataJSON, response.attestationObject. */
  private void checkRegistration(String credentialJson) {
    JsonNode response = checkCommon(credentialJson, ATTESTATION_FIELDS);
    JsonNode transports = response.get("transports");
    if (transports == null || transports.isNull()) {
      return;
    }
    if (!transports.isArray()) {
      throw new InvalidArgumentException(TRANSPORTS_FIELD, "must be an array of strings");
    }
    if (transports.size() > MAX_TRANSPORTS) {
      throw new InvalidArgumentException(
          TRANSPORTS_FIELD, "at most " + MAX_TRANSPORTS + " entries, got " + transports.size());
    }
    for (JsonNode transport : transports) {
      if (!transport.isString()) {
        throw new InvalidArgumentException(TRANSPORTS_FIELD, "must be an array of strings");
      }
      if (transport.stringValue().length() > MAX_TRANSPORT_LENGTH) {
        throw new InvalidArgumentException(
            TRANSPORTS_FIELD, "entries must be at most " + MAX_TRANSPORT_LENGTH + " characters");
      }
    }
  }

  /** AuthenticationResponseJSON: id, rawId, clientDataJSON, authenticatorData, signature. */
  private void checkAuthentication(String credentialJson) {
    JsonNode response = checkCommon(credentialJson, ASSERTION_FIELDS);
    optionalBase64url(response, "userHandle", "response.userHandle");
  }

  /**
   * Runs webauthn4j's parser over JSON that passed the checks below. Truncated CBOR, client data
   * that is not JSON, wrong types inside: webauthn4j's DataConversionException and Jackson's
   * exceptions all mean the same to the caller.
   */
  private static <T> T decode(String credentialJson, Function<String, T> parser) {
    try {
      return parser.apply(credentialJson);
    } catch (RuntimeException e) {
      throw undecodable("response does not decode", e);
    }
  }

  /** Logs what the library said and answers with a fixed description. */
  static InvalidArgumentException undecodable(String what, RuntimeException e) {
    log.debug(
        "credential_json rejected by webauthn4j ({}): {}: {}",
        what,
        e.getClass().getSimpleName(),
        clip(e.getMessage()));
    return notACredential(what);
  }

  private JsonNode checkCommon(String credentialJson, List<String> responseFields) {
    if (credentialJson.isEmpty()) {
      throw new InvalidArgumentException(FIELD, "is required");
    }
    if (credentialJson.length() > MAX_LENGTH) {
      throw new InvalidArgumentException(
          FIELD, "must be at most " + MAX_LENGTH + " characters, got " + credentialJson.length());
    }
    JsonNode tree;
    try {
      tree = json.readTree(credentialJson);
    } catch (JacksonException e) {
      log.debug("credential_json is not JSON: {}", clip(e.getOriginalMessage()));
      throw new InvalidArgumentException(FIELD, "not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw notACredential("must be a JSON object");
    }
    JsonNode response = tree.get("response");
    if (response == null || response.isNull()) {
      throw notACredential("response is missing");
    }
    if (!response.isObject()) {
      throw notACredential("response must be an object");
    }
    requiredBase64url(tree, "id", "id");
    requiredBase64url(tree, "rawId", "rawId");
    for (String field : responseFields) {
      requiredBase64url(response, field, "response." + field);
    }
    return response;
  }

  private static void requiredBase64url(JsonNode parent, String name, String path) {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      throw notACredential(path + " is missing");
    }
    base64url(value, path);
  }

  private static void optionalBase64url(JsonNode parent, String name, String path) {
    JsonNode value = parent.get(name);
    if (value != null && !value.isNull()) {
      base64url(value, path);
    }
  }

  /** WebAuthn L3 §5.1.3: binary members of the JSON form are base64url strings. */
  private static void base64url(JsonNode value, String path) {
    if (!value.isString()) {
      throw notACredential(path + " must be a base64url string");
    }
    try {
      Base64.getUrlDecoder().decode(value.stringValue());
    } catch (IllegalArgumentException e) {
      throw notACredential(path + " is not base64url");
    }
  }

  private static InvalidArgumentException notACredential(String problem) {
    return new InvalidArgumentException(FIELD, "not a WebAuthn credential: " + problem);
  }

  private static String clip(String message) {
    String text = message == null ? "" : message.replaceAll("\\s+", " ");
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
