package dev.authsidecar.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.StartAuthenticationResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.testing.EmulatedBrowser;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the WebAuthn JSON and CBOR path through the real gRPC server: FinishRegistration and
 * FinishAuthentication with fuzzed credential_json, and with fuzzed attestationObject or
 * authenticatorData inside otherwise valid JSON whose client data matches a live ceremony. Any
 * input is an answer (INVALID_ARGUMENT, a REJECTED result...), never INTERNAL or UNKNOWN.
 */
class WebAuthnFuzzTest {
  /** The origin of the default relying party (RelyingParty.LOCALHOST). */
  static final String ORIGIN = "http://localhost:8080";

  /** The user whose registered credential the authentication targets sign in with. */
  static final String USER = "fuzz-wa";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static final MutableClock clock = MutableClock.atStepStart();
  private static final AtomicLong registrants = new AtomicLong();
  private static TestDatabase database;
  private static TestSidecar sidecar;
  private static String credentialId;

  @BeforeAll
  static void start() {
    database = TestDatabase.h2();
    sidecar = TestSidecar.start(database.config(), clock);
    EmulatedBrowser browser =
        new EmulatedBrowser(
            ORIGIN, new WebAuthnAuthenticatorAdaptor(new NoneAttestationAuthenticator()));
    StartRegistrationResponse started = startRegistration(USER);
    String credential = browser.create(started.getOptionsJson());
    sidecar
        .webauthn()
        .finishRegistration(
            FinishRegistrationRequest.newBuilder()
                .setCeremonyId(started.getCeremonyId())
                .setCredentialJson(credential)
                .build());
    credentialId = JSON.readTree(credential).get("id").stringValue();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    sidecar.close();
    database.close();
  }

  @FuzzTest
  void finishRegistration_fuzzedCredentialJson_neverServerError(byte[] input) throws Exception {
    StartRegistrationResponse started = startRegistration(newRegistrant());
    finishRegistration(started.getCeremonyId(), new String(input, StandardCharsets.UTF_8));
  }

  /** The attestationObject is CBOR (WebAuthn L3 §6.5); the JSON around it is valid. */
  @FuzzTest
  void finishRegistration_fuzzedAttestationObject_neverServerError(byte[] attestationObject)
      throws Exception {
    StartRegistrationResponse started = startRegistration(newRegistrant());
    Map<String, Object> response = new LinkedHashMap<>();
    response.put(
        "clientDataJSON", clientData("webauthn.create", challenge(started.getOptionsJson())));
    response.put("attestationObject", B64.encodeToString(attestationObject));
    response.put("transports", new String[] {"usb"});
    finishRegistration(
        started.getCeremonyId(), credential(B64.encodeToString(new byte[16]), response));
  }

  @FuzzTest
  void finishAuthentication_fuzzedCredentialJson_neverServerError(byte[] input) throws Exception {
    StartAuthenticationResponse started = startAuthentication(USER);
    finishAuthentication(started.getCeremonyId(), new String(input, StandardCharsets.UTF_8));
  }

  /**
   * authenticatorData (WebAuthn L3 §6.1: rpIdHash, flags, counter, extensions in CBOR) and the
   * signature are fuzzed, for the registered credential, in the user's or the passkey flow. Input
   * layout: the last byte is the authenticatorData length, the one before it picks the flow, the
   * rest is authenticatorData then signature.
   */
  @FuzzTest
  void finishAuthentication_fuzzedAuthenticatorData_neverServerError(FuzzedDataProvider data)
      throws Exception {
    int length = data.consumeInt(0, 255);
    boolean passkey = data.consumeBoolean();
    byte[] authenticatorData = data.consumeBytes(length);
    byte[] signature = data.consumeRemainingAsBytes();
    StartAuthenticationResponse started = startAuthentication(passkey ? "" : USER);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", clientData("webauthn.get", challenge(started.getOptionsJson())));
    response.put("authenticatorData", B64.encodeToString(authenticatorData));
    response.put("signature", B64.encodeToString(signature));
    finishAuthentication(started.getCeremonyId(), credential(credentialId, response));
  }

  /** A fresh user for each registration: a user may have only a few pending ones. */
  private static String newRegistrant() {
    return "fuzz-registrant-" + registrants.incrementAndGet();
  }

  private static StartRegistrationResponse startRegistration(String userId) {
    return sidecar
        .webauthn()
        .startRegistration(StartRegistrationRequest.newBuilder().setUserId(userId).build());
  }

  private static StartAuthenticationResponse startAuthentication(String userId) {
    return sidecar
        .webauthn()
        .startAuthentication(StartAuthenticationRequest.newBuilder().setUserId(userId).build());
  }

  private static void finishRegistration(String ceremonyId, String credentialJson)
      throws Exception {
    FinishRegistrationRequest request =
        FinishRegistrationRequest.newBuilder()
            .setCeremonyId(ceremonyId)
            .setCredentialJson(credentialJson)
            .build();
    RawCalls.assertNoServerError(
        sidecar, WebAuthnServiceGrpc.getFinishRegistrationMethod(), request.toByteArray());
  }

  private static void finishAuthentication(String ceremonyId, String credentialJson)
      throws Exception {
    FinishAuthenticationRequest request =
        FinishAuthenticationRequest.newBuilder()
            .setCeremonyId(ceremonyId)
            .setCredentialJson(credentialJson)
            .build();
    RawCalls.assertNoServerError(
        sidecar, WebAuthnServiceGrpc.getFinishAuthenticationMethod(), request.toByteArray());
  }

  private static String challenge(String optionsJson) {
    return JSON.readTree(optionsJson).get("challenge").stringValue();
  }

  /** CollectedClientData (WebAuthn L3 §5.8.1) as the browser would send it for the ceremony. */
  private static String clientData(String type, String challenge) {
    Map<String, Object> clientData = new LinkedHashMap<>();
    clientData.put("type", type);
    clientData.put("challenge", challenge);
    clientData.put("origin", ORIGIN);
    clientData.put("crossOrigin", false);
    return B64.encodeToString(JSON.writeValueAsBytes(clientData));
  }

  /** What credential.toJSON() returns around {@code response}. */
  private static String credential(String id, Map<String, Object> response) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("rawId", id);
    json.put("type", "public-key");
    json.put("response", response);
    json.put("clientExtensionResults", Map.of());
    return JSON.writeValueAsString(json);
  }
}
