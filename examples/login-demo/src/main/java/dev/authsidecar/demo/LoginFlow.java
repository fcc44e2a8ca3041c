package dev.authsidecar.demo;

import static dev.authsidecar.api.v1.UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_PREFERRED;
import static dev.authsidecar.api.v1.UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_REQUIRED;
import static dev.authsidecar.api.v1.VerifyResult.VERIFY_RESULT_ACCEPTED;
import static dev.authsidecar.demo.PageView.result;

import com.google.protobuf.Struct;
import dev.authsidecar.api.v1.Factor;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.demo.HttpApi.Request;
import dev.authsidecar.demo.Sessions.Session;
import dev.authsidecar.demo.Sessions.Stage;
import dev.authsidecar.demo.UserStore.User;
import io.grpc.Channel;
import java.util.Optional;
import java.util.UUID;

/**
 * Signing in, one method per step the user takes on the page (README, "What the page does"): the
 * password is the demo's own check; after it, GetStatus decides whether a second factor is due, and
 * the sidecar verifies it (TOTP code or security key). A passkey signs in without a username.
 *
 * <p>A step reads the page's fields and the browser's session from a {@link Request} and answers
 * with what the page shows; a refusal is a {@link Failure} whose message the page shows. Setting up
 * and removing factors is {@link FactorSetup}.
 */
final class LoginFlow {
  private final UserStore users;
  private final PageView view;
  private final TotpServiceGrpc.TotpServiceBlockingStub totp;
  private final WebAuthnServiceGrpc.WebAuthnServiceBlockingStub webauthn;

  /** {@code sidecar} sends the caller token and sets a deadline on every call (DemoServer). */
  LoginFlow(UserStore users, PageView view, Channel sidecar) {
    this.users = users;
    this.view = view;
    this.totp = TotpServiceGrpc.newBlockingStub(sidecar);
    this.webauthn = WebAuthnServiceGrpc.newBlockingStub(sidecar);
  }

  /** What the page shows when it loads. */
  Struct session(Request request) {
    return view.describe(request.session());
  }

  // --- password ---------------------------------------------------------------------------------

  Struct signUp(Request request) {
    String username = request.field("username");
    String password = request.field("password");
    if (!UserStore.normalize(username).matches("[a-z0-9._-]{3,64}")) {
      throw new Failure(400, "username: 3 to 64 letters, digits, dots, dashes or underscores");
    }
    if (password.length() < 8) {
      throw new Failure(400, "password: at least 8 characters");
    }
    User user =
        users
            .signUp(username, password)
            .orElseThrow(() -> new Failure(409, "username: already taken"));
    // A new account has no second factor yet.
    Session session = request.newSession(Stage.SIGNED_IN, user.id());
    return view.show(session, "Signed up as " + user.username());
  }

  /** The password, then GetStatus: an account with factors still needs a second factor. */
  Struct signIn(Request request) {
    User user =
        users
            .check(request.field("username"), request.field("password"))
            .orElseThrow(() -> new Failure(401, "Wrong username or password"));
    if (view.factors(user.id()).isEmpty()) {
      Session session = request.newSession(Stage.SIGNED_IN, user.id());
      return view.show(session, "Signed in as " + user.username() + " (password only)");
    }
    Session session = request.newSession(Stage.SECOND_FACTOR, user.id());
    return view.show(session, "Password accepted: second factor needed");
  }

  Struct signOut(Request request) {
    request.endSession();
    return view.describe(Optional.empty());
  }

  // --- second factor: a code from an authenticator app ------------------------------------------

  Struct verifyTotp(Request request) {
    Session current = request.require(Stage.SECOND_FACTOR);
    var verified =
        totp.verify(
            VerifyRequest.newBuilder()
                .setUserId(current.userId)
                .setCode(request.field("code"))
                .setRequestId(UUID.randomUUID().toString())
                .build());
    if (verified.getResult() != VERIFY_RESULT_ACCEPTED) {
      String wait =
          verified.hasRetryAfter()
              ? " (try again in " + verified.getRetryAfter().getSeconds() + " s)"
              : "";
      throw new Failure(401, "Code refused: " + result(verified.getResult()) + wait);
    }
    Session signedIn = request.newSession(Stage.SIGNED_IN, current.userId);
    return view.show(
        signedIn, "Signed in as " + view.username(current.userId) + " with an authenticator app");
  }

  // --- second factor or passkey: a security key -------------------------------------------------

  /**
   * After the password the ceremony is for that user (StartAuthentication with user_id); without a
   * session it is the passkey flow, where the credential itself names the user.
   */
  Struct startAuthentication(Request request) {
    boolean secondFactor = request.session().map(s -> s.stage == Stage.SECOND_FACTOR).orElse(false);
    Session current =
        secondFactor ? request.session().get() : request.newSession(Stage.ANONYMOUS, "");
    var started =
        webauthn.startAuthentication(
            StartAuthenticationRequest.newBuilder()
                .setUserId(current.userId)
                // Signing in with a passkey alone needs user verification to be two factors.
                .setUserVerification(
                    secondFactor
                        ? USER_VERIFICATION_REQUIREMENT_PREFERRED
                        : USER_VERIFICATION_REQUIREMENT_REQUIRED)
                .build());
    current.ceremonyId = started.getCeremonyId();
    return Json.object("options", started.getOptionsJson());
  }

  /** FinishAuthentication names the user; after a password it must be the same one. */
  Struct finishAuthentication(Request request) {
    Session current =
        request
            .session()
            .filter(s -> s.stage != Stage.SIGNED_IN)
            .orElseThrow(() -> new Failure(409, "Start the sign-in with a security key first"));
    var finished =
        webauthn.finishAuthentication(
            FinishAuthenticationRequest.newBuilder()
                .setCeremonyId(current.takeCeremony())
                .setCredentialJson(request.field("credential"))
                .build());
    if (finished.getResult() != VERIFY_RESULT_ACCEPTED) {
      throw new Failure(
          401,
          "FinishAuthentication " + result(finished.getResult()) + ": " + finished.getReason());
    }
    if (current.stage == Stage.SECOND_FACTOR && !finished.getUserId().equals(current.userId)) {
      throw new Failure(401, "That security key belongs to someone else");
    }
    User user =
        users
            .byId(finished.getUserId())
            .orElseThrow(() -> new Failure(401, "That passkey's account is gone"));
    Session signedIn = request.newSession(Stage.SIGNED_IN, user.id());
    String label =
        view.factors(user.id()).stream()
            .filter(f -> f.getId().equals(finished.getFactorId()))
            .map(Factor::getLabel)
            .findFirst()
            .orElse("?");
    String verified = finished.getUserVerified() ? " (user verified)" : "";
    return view.show(
        signedIn,
        "Signed in as " + user.username() + " with security key '" + label + "'" + verified);
  }
}
