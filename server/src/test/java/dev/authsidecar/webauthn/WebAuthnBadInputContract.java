package dev.authsidecar.webauthn;

import static dev.authsidecar.webauthn.WebAuthnScenarioContract.USER;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.browser;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.finishAuthentication;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.finishRegistration;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.register;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.startAuthentication;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.startRegistration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import dev.authsidecar.api.v1.AttestationConveyance;
import dev.authsidecar.api.v1.StartAuthenticationResponse;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.EmulatedBrowser;
import dev.authsidecar.testing.SidecarTestBase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed WebAuthn input is INVALID_ARGUMENT with a fixed, field-named description (never a
 * library's text), and is refused before the ceremony is spent.
 */
public abstract class WebAuthnBadInputContract extends SidecarTestBase {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a library would leak: Java names, NPE text, Jackson's parser messages. */
  private static final String INTERNALS =
      "(?s).*(Exception|Cannot invoke|because|java\\.|com\\.|tools\\.|jackson|Jackson|\\(\\)"
          + "|line: |column: |Source:|Unrecognized token|Unexpected|\").*";

  // --- transports ---------------------------------------------------------------------------

  static Stream<Arguments> oversizedTransports() {
    return Stream.of(
        Arguments.of(
            "many entries", IntStream.range(0, 50).mapToObj(i -> "usb" + i).toArray(String[]::new)),
        Arguments.of("a long entry", new String[] {"usb", "x".repeat(300)}),
        Arguments.of(
            "many long entries",
            IntStream.range(0, 20).mapToObj(i -> i + "y".repeat(60)).toArray(String[]::new)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedTransports")
  void finishRegistration_oversizedTransportsAreInvalidArgumentBeforeTheCeremonyIsSpent(
      String name, String[] transports) {
    StartRegistrationResponse started =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    String credential =
        browser(new NoneAttestationAuthenticator()).create(started.getOptionsJson());

    assertThatThrownBy(
            () -> finishRegistration(sidecar, started, withTransports(credential, transports)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("credential_json.response.transports:")
                  .doesNotMatch(INTERNALS);
            });
    // The ceremony was not spent: the untampered credential still registers.
    assertThat(finishRegistration(sidecar, started, credential).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void finishRegistration_dropsUnknownTransportsAndKeepsKnownOnes() {
    StartRegistrationResponse started =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    String credential =
        withTransports(
            browser(new NoneAttestationAuthenticator()).create(started.getOptionsJson()),
            "usb",
            "hybrid",
            "warp-drive");

    assertThat(finishRegistration(sidecar, started, credential).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    StartAuthenticationResponse signIn = startAuthentication(sidecar, USER);
    assertThat(signIn.getOptionsJson())
        .contains("\"transports\":[\"hybrid\",\"usb\"]")
        .doesNotContain("warp-drive");
  }

  // --- credential_json descriptions ---------------------------------------------------------

  static Stream<Arguments> malformedRegistrations() {
    return Stream.of(
        Arguments.of("{}", "credential_json: not a WebAuthn credential: response is missing"),
        Arguments.of("[]", "credential_json: not a WebAuthn credential: must be a JSON object"),
        Arguments.of("not json", "credential_json: not valid JSON"),
        Arguments.of("{\"id\":", "credential_json: not valid JSON"),
        Arguments.of(
            "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\","
                + "\"response\":{\"attestationObject\":\"o2NmbXRk\"}}",
            "credential_json: not a WebAuthn credential: response.clientDataJSON is missing"),
        Arguments.of(
            "{\"id\":\"AA\",\"rawId\":\"AA\",\"type\":\"public-key\","
                + "\"response\":{\"clientDataJSON\":\"***\",\"attestationObject\":\"AA\"}}",
            "credential_json: not a WebAuthn credential: response.clientDataJSON is not base64url"),
        Arguments.of(
            "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\","
                + "\"response\":{\"clientDataJSON\":\"e30\",\"attestationObject\":\"o2NmbXRk\"}}",
            null),
        Arguments.of("{\"id\":1}", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRegistrations")
  void finishRegistration_malformedCredentialJsonHasAFixedFieldNamedDescription(
      String json, String expected) {
    StartRegistrationResponse started =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    assertInvalidCredentialJson(() -> finishRegistration(sidecar, started, json), expected);
  }

  static Stream<Arguments> malformedAssertions() {
    return Stream.of(
        Arguments.of("{}", "credential_json: not a WebAuthn credential: response is missing"),
        Arguments.of("[]", "credential_json: not a WebAuthn credential: must be a JSON object"),
        Arguments.of("not json", "credential_json: not valid JSON"),
        Arguments.of(
            "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\","
                + "\"response\":{\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\"}}",
            "credential_json: not a WebAuthn credential: response.clientDataJSON is missing"),
        Arguments.of(
            "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":"
                + "{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"%%%\",\"signature\":\"AA\"}}",
            "credential_json: not a WebAuthn credential: response.authenticatorData is not"
                + " base64url"),
        Arguments.of(
            "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\","
                + "\"response\":{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"AAAA\","
                + "\"signature\":\"AAAA\"}}",
            null),
        Arguments.of("{\"type\":\"public-key\",\"response\":{\"authenticatorData\":42}}", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedAssertions")
  void finishAuthentication_malformedCredentialJsonHasAFixedFieldNamedDescription(
      String json, String expected) {
    EmulatedBrowser browser = browser(new NoneAttestationAuthenticator());
    register(sidecar, USER, browser, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    StartAuthenticationResponse started = startAuthentication(sidecar, USER);

    assertInvalidCredentialJson(() -> finishAuthentication(sidecar, started, json), expected);
    // Garbage did not spend the ceremony.
    assertThat(
            finishAuthentication(sidecar, started, browser.get(started.getOptionsJson()))
                .getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  /**
   * INVALID_ARGUMENT naming credential_json, with {@code expected} when given, and no internals.
   */
  private static void assertInvalidCredentialJson(Runnable call, String expected) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              String description = e.getStatus().getDescription();
              assertThat(description).startsWith("credential_json").doesNotMatch(INTERNALS);
              if (expected != null) {
                assertThat(description).isEqualTo(expected);
              }
            });
  }

  private static String withTransports(String credentialJson, String... transports) {
    ObjectNode json = (ObjectNode) JSON.readTree(credentialJson);
    ArrayNode array = ((ObjectNode) json.get("response")).putArray("transports");
    for (String transport : transports) {
      array.add(transport);
    }
    return json.toString();
  }
}
