package dev.authsidecar.demo;

import static dev.authsidecar.api.v1.ResidentKeyRequirement.RESIDENT_KEY_REQUIREMENT_REQUIRED;
import static dev.authsidecar.api.v1.UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_PREFERRED;
import static dev.authsidecar.api.v1.VerifyResult.VERIFY_RESULT_ACCEPTED;
import static dev.authsidecar.demo.PageView.result;

import com.google.protobuf.Struct;
import com.google.protobuf.util.Timestamps;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.demo.HttpApi.Request;
import dev.authsidecar.demo.Sessions.Session;
import dev.authsidecar.demo.Sessions.Stage;
import io.grpc.Channel;

/**
 * A signed-in user's factors, one method per step on the page: set up an authenticator app,
 * register a security key or passkey, remove a factor. Enrollment and ceremony ids stay in the
 * session; the page never sees them. Signing in with these factors is {@link LoginFlow}.
 */
final class FactorSetup {
  private static final String ISSUER = "authsidecar demo";

  private final PageView view;
  private final AccountServiceGrpc.AccountServiceBlockingStub account;
  private final TotpServiceGrpc.TotpServiceBlockingStub totp;
  private final WebAuthnServiceGrpc.WebAuthnServiceBlockingStub webauthn;

  /** {@code sidecar} sends the caller token and sets a deadline on every call (DemoServer). */
  FactorSetup(PageView view, Channel sidecar) {
    this.view = view;
    this.account = AccountServiceGrpc.newBlockingStub(sidecar);
    this.totp = TotpServiceGrpc.newBlockingStub(sidecar);
    this.webauthn = WebAuthnServiceGrpc.newBlockingStub(sidecar);
  }

  // --- authenticator app ------------------------------------------------------------------------

  /** BeginEnrollment: the secret and a QR code; the factor exists once a code confirms it. */
  Struct beginTotp(Request request) {
    Session current = request.require(Stage.SIGNED_IN);
    String label = request.field("label");
    var begun =
        totp.beginEnrollment(
            BeginEnrollmentRequest.newBuilder()
                .setUserId(current.userId)
                .setLabel(label.isBlank() ? "Authenticator app" : label)
                .setAccountName(view.username(current.userId))
                .setIssuer(ISSUER)
                .build());
    current.enrollmentId = begun.getEnrollmentId();
    return Json.object(
        "secret", begun.getSecret(),
        "otpauthUri", begun.getOtpauthUri(),
        "qrSvg", begun.getQrSvg(),
        "expiresAt", Timestamps.toString(begun.getExpiresAt()),
        "message", "Scan the QR code, then type the code the app shows");
  }

  Struct confirmTotp(Request request) {
    Session current = request.require(Stage.SIGNED_IN);
    if (current.enrollmentId.isEmpty()) {
      throw new Failure(409, "Start the authenticator app set-up first");
    }
    var confirmed =
        totp.confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(current.enrollmentId)
                .setCode(request.field("code"))
                .build());
    if (confirmed.getResult() != VERIFY_RESULT_ACCEPTED) {
      throw new Failure(400, "Code refused: " + result(confirmed.getResult()));
    }
    current.enrollmentId = "";
    return view.show(current, "Authenticator app '" + confirmed.getFactor().getLabel() + "' added");
  }

  // --- security key or passkey ------------------------------------------------------------------

  /** StartRegistration's options go to navigator.credentials.create() unchanged. */
  Struct startRegistration(Request request) {
    Session current = request.require(Stage.SIGNED_IN);
    String username = view.username(current.userId);
    var started =
        webauthn.startRegistration(
            StartRegistrationRequest.newBuilder()
                .setUserId(current.userId)
                .setUserName(username)
                .setUserDisplayName(username)
                // A discoverable credential is a passkey: it can sign in without a username.
                .setResidentKey(RESIDENT_KEY_REQUIREMENT_REQUIRED)
                .setUserVerification(USER_VERIFICATION_REQUIREMENT_PREFERRED)
                .build());
    current.ceremonyId = started.getCeremonyId();
    return Json.object("options", started.getOptionsJson());
  }

  /** FinishRegistration with credential.toJSON() from the page. */
  Struct finishRegistration(Request request) {
    Session current = request.require(Stage.SIGNED_IN);
    String ceremonyId = current.takeCeremony();
    String label = request.field("label");
    var finished =
        webauthn.finishRegistration(
            FinishRegistrationRequest.newBuilder()
                .setCeremonyId(ceremonyId)
                .setCredentialJson(request.field("credential"))
                .setLabel(label.isBlank() ? "Passkey" : label)
                .build());
    if (finished.getResult() != VERIFY_RESULT_ACCEPTED) {
      throw new Failure(
          400, "FinishRegistration " + result(finished.getResult()) + ": " + finished.getReason());
    }
    return view.show(current, "Security key '" + finished.getFactor().getLabel() + "' registered");
  }

  // --- removal ----------------------------------------------------------------------------------

  Struct removeFactor(Request request) {
    Session current = request.require(Stage.SIGNED_IN);
    account.removeFactor(
        RemoveFactorRequest.newBuilder()
            .setUserId(current.userId)
            .setFactorId(request.field("factorId"))
            .build());
    return view.show(current, "Factor removed");
  }
}
