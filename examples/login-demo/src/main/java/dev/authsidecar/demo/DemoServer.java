package dev.authsidecar.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import com.google.protobuf.util.Values;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentResponse;
import dev.authsidecar.api.v1.Factor;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.FinishAuthenticationResponse;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.FinishRegistrationResponse;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.ResidentKeyRequirement;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.StartAuthenticationResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.UserVerificationRequirement;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.demo.Sessions.Session;
import dev.authsidecar.demo.Sessions.Stage;
import dev.authsidecar.demo.UserStore.User;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The login service: the page, and a small JSON API under /api/ that the page calls. Passwords and
 * sessions are this server's job; every second-factor decision is the sidecar's.
 */
public final class DemoServer implements AutoCloseable {
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String ISSUER = "authsidecar demo";

  private static final Map<String, String> STATIC =
      Map.of("/", "index.html", "/index.html", "index.html", "/app.js", "app.js");

  private final HttpServer http;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final UserStore users = new UserStore();
  private final Sessions sessions = new Sessions();
  private final AccountServiceGrpc.AccountServiceBlockingStub account;
  private final TotpServiceGrpc.TotpServiceBlockingStub totp;
  private final WebAuthnServiceGrpc.WebAuthnServiceBlockingStub webauthn;

  private DemoServer(HttpServer http, Channel sidecar, Optional<CallCredentials> token) {
    this.http = http;
    this.account = withToken(AccountServiceGrpc.newBlockingStub(sidecar), token);
    this.totp = withToken(TotpServiceGrpc.newBlockingStub(sidecar), token);
    this.webauthn = withToken(WebAuthnServiceGrpc.newBlockingStub(sidecar), token);
  }

  private static <S extends AbstractStub<S>> S withToken(S stub, Optional<CallCredentials> token) {
    return token.map(stub::withCallCredentials).orElse(stub);
  }

  /**
   * Serves the page on {@code address}, talking to the sidecar over {@code sidecar} with the demo's
   * caller token, if the sidecar has callers configured.
   */
  public static DemoServer start(
      InetSocketAddress address, Channel sidecar, Optional<CallCredentials> token)
      throws IOException {
    DemoServer server = new DemoServer(HttpServer.create(address, 0), sidecar, token);
    server.http.createContext("/", server::handle);
    server.http.setExecutor(server.executor);
    server.http.start();
    return server;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(1);
    executor.shutdownNow();
  }

  /** An answer other than 200, with a message for the page. */
  private static final class Failure extends RuntimeException {
    final int status;

    Failure(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var headers = exchange.getResponseHeaders();
      headers.set("Cache-Control", "no-store");
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set(
          "Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
              + " frame-ancestors 'none'");
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      try {
        if (method.equals("GET") && STATIC.containsKey(path)) {
          serveStatic(exchange, STATIC.get(path));
        } else if (method.equals("POST") && path.startsWith("/api/")) {
          send(exchange, 200, api(exchange, path.substring("/api/".length())));
        } else {
          throw new Failure(404, "no such page: " + method + " " + path);
        }
      } catch (Failure e) {
        send(exchange, e.status, error(e.getMessage()));
      } catch (StatusRuntimeException e) {
        send(exchange, httpStatus(e), error(sidecarError(e)));
      } catch (RuntimeException e) {
        System.err.println("login demo: " + method + " " + path + " failed: " + e);
        send(exchange, 500, error("Internal error"));
      }
    }
  }

  private Struct api(HttpExchange exchange, String route) throws IOException {
    // The page sends JSON; a cross-site form cannot, which together with SameSite=Strict keeps
    // other sites from making these calls on a user's behalf.
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      throw new Failure(415, "send application/json");
    }
    Struct body = readJson(exchange);
    Optional<Session> session = sessions.find(exchange);
    return switch (route) {
      case "session" -> describe(session);
      case "signup" -> signUp(exchange, session, body);
      case "signin" -> signIn(exchange, session, body);
      case "signout" -> {
        sessions.end(exchange, session);
        yield describe(Optional.empty());
      }
      case "totp/verify" -> verifyTotp(exchange, session, body);
      case "totp/begin" -> beginTotp(session, body);
      case "totp/confirm" -> confirmTotp(session, body);
      case "webauthn/register/start" -> startRegistration(session);
      case "webauthn/register/finish" -> finishRegistration(session, body);
      case "webauthn/authenticate/start" -> startAuthentication(exchange, session);
      case "webauthn/authenticate/finish" -> finishAuthentication(exchange, session, body);
      case "factors/remove" -> removeFactor(session, body);
      default -> throw new Failure(404, "no such API: " + route);
    };
  }

  // --- password step ------------------------------------------------------------------------

  private Struct signUp(HttpExchange exchange, Optional<Session> old, Struct body) {
    String username = field(body, "username");
    String password = field(body, "password");
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
    Session session = sessions.replace(exchange, old, Stage.SIGNED_IN, user.id());
    return withMessage(describe(Optional.of(session)), "Signed up as " + user.username());
  }

  private Struct signIn(HttpExchange exchange, Optional<Session> old, Struct body) {
    User user =
        users
            .check(field(body, "username"), field(body, "password"))
            .orElseThrow(() -> new Failure(401, "Wrong username or password"));
    GetStatusResponse status = status(user.id());
    if (status.getFactorsCount() == 0) {
      Session session = sessions.replace(exchange, old, Stage.SIGNED_IN, user.id());
      return withMessage(
          describe(Optional.of(session)), "Signed in as " + user.username() + " (password only)");
    }
    Session session = sessions.replace(exchange, old, Stage.SECOND_FACTOR, user.id());
    return withMessage(describe(Optional.of(session)), "Password accepted: second factor needed");
  }

  // --- TOTP ---------------------------------------------------------------------------------

  private Struct verifyTotp(HttpExchange exchange, Optional<Session> session, Struct body) {
    Session current = require(session, Stage.SECOND_FACTOR);
    VerifyResponse verified =
        call(totp)
            .verify(
                VerifyRequest.newBuilder()
                    .setUserId(current.userId)
                    .setCode(field(body, "code"))
                    .setRequestId(UUID.randomUUID().toString())
                    .build());
    if (verified.getResult() != VerifyResult.VERIFY_RESULT_ACCEPTED) {
      String wait =
          verified.hasRetryAfter()
              ? " (try again in " + verified.getRetryAfter().getSeconds() + " s)"
              : "";
      throw new Failure(401, "Code refused: " + result(verified.getResult()) + wait);
    }
    Session signedIn = sessions.replace(exchange, session, Stage.SIGNED_IN, current.userId);
    return withMessage(
        describe(Optional.of(signedIn)),
        "Signed in as " + username(current.userId) + " with an authenticator app");
  }

  private Struct beginTotp(Optional<Session> session, Struct body) {
    Session current = require(session, Stage.SIGNED_IN);
    String label = field(body, "label");
    BeginEnrollmentResponse begun =
        call(totp)
            .beginEnrollment(
                BeginEnrollmentRequest.newBuilder()
                    .setUserId(current.userId)
                    .setLabel(label.isBlank() ? "Authenticator app" : label)
                    .setAccountName(username(current.userId))
                    .setIssuer(ISSUER)
                    .build());
    current.enrollmentId = begun.getEnrollmentId();
    return Struct.newBuilder()
        .putFields("secret", Values.of(begun.getSecret()))
        .putFields("otpauthUri", Values.of(begun.getOtpauthUri()))
        .putFields("qrSvg", Values.of(begun.getQrSvg()))
        .putFields("expiresAt", Values.of(Timestamps.toString(begun.getExpiresAt())))
        .putFields("message", Values.of("Scan the QR code, then type the code the app shows"))
        .build();
  }

  private Struct confirmTotp(Optional<Session> session, Struct body) {
    Session current = require(session, Stage.SIGNED_IN);
    if (current.enrollmentId.isEmpty()) {
      throw new Failure(409, "Start the authenticator app set-up first");
    }
    ConfirmEnrollmentResponse confirmed =
        call(totp)
            .confirmEnrollment(
                ConfirmEnrollmentRequest.newBuilder()
                    .setEnrollmentId(current.enrollmentId)
                    .setCode(field(body, "code"))
                    .build());
    if (confirmed.getResult() != VerifyResult.VERIFY_RESULT_ACCEPTED) {
      throw new Failure(400, "Code refused: " + result(confirmed.getResult()));
    }
    current.enrollmentId = "";
    return withMessage(
        describe(session), "Authenticator app '" + confirmed.getFactor().getLabel() + "' added");
  }

  // --- WebAuthn -----------------------------------------------------------------------------

  private Struct startRegistration(Optional<Session> session) {
    Session current = require(session, Stage.SIGNED_IN);
    String username = username(current.userId);
    StartRegistrationResponse started =
        call(webauthn)
            .startRegistration(
                StartRegistrationRequest.newBuilder()
                    .setUserId(current.userId)
                    .setUserName(username)
                    .setUserDisplayName(username)
                    // A discoverable credential is a passkey: it can sign in without a username.
                    .setResidentKey(ResidentKeyRequirement.RESIDENT_KEY_REQUIREMENT_REQUIRED)
                    .setUserVerification(
                        UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_PREFERRED)
                    .build());
    current.ceremonyId = started.getCeremonyId();
    return Struct.newBuilder().putFields("options", Values.of(started.getOptionsJson())).build();
  }

  private Struct finishRegistration(Optional<Session> session, Struct body) {
    Session current = require(session, Stage.SIGNED_IN);
    String ceremonyId = takeCeremony(current);
    String label = field(body, "label");
    FinishRegistrationResponse finished =
        call(webauthn)
            .finishRegistration(
                FinishRegistrationRequest.newBuilder()
                    .setCeremonyId(ceremonyId)
                    .setCredentialJson(field(body, "credential"))
                    .setLabel(label.isBlank() ? "Passkey" : label)
                    .build());
    if (finished.getResult() != VerifyResult.VERIFY_RESULT_ACCEPTED) {
      throw new Failure(
          400, "FinishRegistration " + result(finished.getResult()) + ": " + finished.getReason());
    }
    return withMessage(
        describe(session), "Security key '" + finished.getFactor().getLabel() + "' registered");
  }

  /**
   * After the password the ceremony is for that user (StartAuthentication with user_id); without a
   * session it is the passkey flow, where the credential itself names the user.
   */
  private Struct startAuthentication(HttpExchange exchange, Optional<Session> session) {
    boolean secondFactor = session.map(s -> s.stage == Stage.SECOND_FACTOR).orElse(false);
    Session current =
        secondFactor ? session.get() : sessions.replace(exchange, session, Stage.ANONYMOUS, "");
    StartAuthenticationResponse started =
        call(webauthn)
            .startAuthentication(
                StartAuthenticationRequest.newBuilder()
                    .setUserId(current.userId)
                    // Signing in with a passkey alone needs user verification to be two factors.
                    .setUserVerification(
                        secondFactor
                            ? UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_PREFERRED
                            : UserVerificationRequirement.USER_VERIFICATION_REQUIREMENT_REQUIRED)
                    .build());
    current.ceremonyId = started.getCeremonyId();
    return Struct.newBuilder().putFields("options", Values.of(started.getOptionsJson())).build();
  }

  private Struct finishAuthentication(
      HttpExchange exchange, Optional<Session> session, Struct body) {
    Session current =
        session
            .filter(s -> s.stage != Stage.SIGNED_IN)
            .orElseThrow(() -> new Failure(409, "Start the sign-in with a security key first"));
    FinishAuthenticationResponse finished =
        call(webauthn)
            .finishAuthentication(
                FinishAuthenticationRequest.newBuilder()
                    .setCeremonyId(takeCeremony(current))
                    .setCredentialJson(field(body, "credential"))
                    .build());
    if (finished.getResult() != VerifyResult.VERIFY_RESULT_ACCEPTED) {
      throw new Failure(
          401,
          "FinishAuthentication " + result(finished.getResult()) + ": " + finished.getReason());
    }
    String userId = finished.getUserId();
    if (current.stage == Stage.SECOND_FACTOR && !userId.equals(current.userId)) {
      throw new Failure(401, "That security key belongs to someone else");
    }
    User user =
        users.byId(userId).orElseThrow(() -> new Failure(401, "That passkey's account is gone"));
    Session signedIn = sessions.replace(exchange, session, Stage.SIGNED_IN, user.id());
    String label =
        status(user.id()).getFactorsList().stream()
            .filter(f -> f.getId().equals(finished.getFactorId()))
            .map(Factor::getLabel)
            .findFirst()
            .orElse("?");
    return withMessage(
        describe(Optional.of(signedIn)),
        "Signed in as "
            + user.username()
            + " with security key '"
            + label
            + "'"
            + (finished.getUserVerified() ? " (user verified)" : ""));
  }

  private static String takeCeremony(Session session) {
    String id = session.ceremonyId;
    if (id.isEmpty()) {
      throw new Failure(409, "Start the ceremony first");
    }
    session.ceremonyId = "";
    return id;
  }

  // --- factors ------------------------------------------------------------------------------

  private Struct removeFactor(Optional<Session> session, Struct body) {
    Session current = require(session, Stage.SIGNED_IN);
    call(account)
        .removeFactor(
            RemoveFactorRequest.newBuilder()
                .setUserId(current.userId)
                .setFactorId(field(body, "factorId"))
                .build());
    return withMessage(describe(session), "Factor removed");
  }

  private GetStatusResponse status(String userId) {
    return call(account).getStatus(GetStatusRequest.newBuilder().setUserId(userId).build());
  }

  /** What the page shows: who is signed in, at which stage, and the account's factors. */
  private Struct describe(Optional<Session> session) {
    Optional<Session> known = session.filter(s -> s.stage != Stage.ANONYMOUS);
    Struct.Builder out =
        Struct.newBuilder()
            .putFields("stage", Values.of(known.map(s -> s.stage.name()).orElse("SIGNED_OUT")));
    if (known.isPresent()) {
      Session current = known.get();
      out.putFields("username", Values.of(username(current.userId)));
      List<Value> factors =
          status(current.userId).getFactorsList().stream()
              .map(DemoServer::factor)
              .map(Values::of)
              .toList();
      out.putFields("factors", Values.of(factors));
    }
    return out.build();
  }

  private static Struct factor(Factor factor) {
    Struct.Builder out =
        Struct.newBuilder()
            .putFields("id", Values.of(factor.getId()))
            .putFields("type", Values.of(factor.getType().name().replace("FACTOR_TYPE_", "")))
            .putFields("label", Values.of(factor.getLabel()))
            .putFields("createdAt", Values.of(Timestamps.toString(factor.getCreatedAt())));
    if (factor.hasLastUsedAt()) {
      out.putFields("lastUsedAt", Values.of(Timestamps.toString(factor.getLastUsedAt())));
    }
    return out.build();
  }

  private String username(String userId) {
    return users.byId(userId).map(User::username).orElse(userId);
  }

  private static Session require(Optional<Session> session, Stage stage) {
    return session
        .filter(s -> s.stage == stage)
        .orElseThrow(
            () ->
                new Failure(
                    401,
                    stage == Stage.SIGNED_IN
                        ? "Sign in first"
                        : "Sign in with your password first"));
  }

  // --- plumbing -----------------------------------------------------------------------------

  private static <S extends AbstractStub<S>> S call(S stub) {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static String result(VerifyResult result) {
    return result.name().replace("VERIFY_RESULT_", "");
  }

  private static int httpStatus(StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case NOT_FOUND -> 404;
      case UNAVAILABLE, DEADLINE_EXCEEDED -> 503;
      default -> 502;
    };
  }

  private static String sidecarError(StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case UNAVAILABLE -> "The sidecar is unavailable; is it running?";
      case DEADLINE_EXCEEDED -> "The sidecar did not answer in time";
      default ->
          e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : ": " + e.getStatus().getDescription());
    };
  }

  private static String field(Struct body, String name) {
    return body.getFieldsOrDefault(name, Value.getDefaultInstance()).getStringValue();
  }

  private static Struct withMessage(Struct struct, String message) {
    return struct.toBuilder().putFields("message", Values.of(message)).build();
  }

  private static Struct error(String message) {
    return Struct.newBuilder().putFields("error", Values.of(message)).build();
  }

  private static Struct readJson(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new Failure(413, "request too large");
    }
    Struct.Builder body = Struct.newBuilder();
    if (bytes.length > 0) {
      try {
        JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), body);
      } catch (InvalidProtocolBufferException e) {
        throw new Failure(400, "the body is not a JSON object");
      }
    }
    return body.build();
  }

  private static void send(HttpExchange exchange, int status, Struct body) throws IOException {
    byte[] bytes;
    try {
      bytes =
          JsonFormat.printer()
              .omittingInsignificantWhitespace()
              .print(body)
              .getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Struct always prints", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void serveStatic(HttpExchange exchange, String name) throws IOException {
    try (InputStream in = DemoServer.class.getResourceAsStream("/static/" + name)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("missing resource static/" + name));
      }
      byte[] bytes = in.readAllBytes();
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
