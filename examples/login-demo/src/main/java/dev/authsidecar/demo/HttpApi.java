package dev.authsidecar.demo;

import com.google.protobuf.Struct;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.authsidecar.demo.Sessions.Session;
import dev.authsidecar.demo.Sessions.Stage;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP side of the demo: security headers on every answer, the page's static files, and {@code
 * POST /api/<route>} with a JSON body, answered with JSON by one step of {@link LoginFlow}. A
 * {@link Failure}, an error from the sidecar or a bug becomes {@code {"error": "..."}} with a
 * fitting status.
 */
final class HttpApi implements HttpHandler {
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Map<String, String> STATIC =
      Map.of("/", "index.html", "/index.html", "index.html", "/app.js", "app.js");

  /** One step of the login flow, behind {@code POST /api/<route>}. */
  @FunctionalInterface
  interface Route {
    Struct answer(Request request);
  }

  /**
   * What a step sees of one API request: the JSON fields the page sent, and the browser's session,
   * kept on the server behind a cookie.
   */
  static final class Request {
    private final HttpExchange exchange;
    private final Sessions sessions;
    private final Struct body;
    private final Optional<Session> session;

    private Request(HttpExchange exchange, Sessions sessions, Struct body) {
      this.exchange = exchange;
      this.sessions = sessions;
      this.body = body;
      this.session = sessions.find(exchange);
    }

    /** A string field of the request body; "" when missing. */
    String field(String name) {
      return Json.field(body, name);
    }

    /** The session the browser's cookie names, unless it is unknown or has expired. */
    Optional<Session> session() {
      return session;
    }

    /** The session, when it is at {@code stage}; otherwise the user is asked to sign in. */
    Session require(Stage stage) {
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

    /** Ends the browser's session and starts a new one, with a new cookie. */
    Session newSession(Stage stage, String userId) {
      return sessions.replace(exchange, session, stage, userId);
    }

    /** Ends the browser's session and clears its cookie. */
    void endSession() {
      sessions.end(exchange, session);
    }
  }

  private final Sessions sessions = new Sessions();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();

  /** Serves {@code step} at {@code POST /api/<route>}. */
  HttpApi route(String route, Route step) {
    routes.put(route, step);
    return this;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
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
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new Failure(413, "request too large");
    }
    Request request = new Request(exchange, sessions, Json.parse(bytes));
    Route step = routes.get(route);
    if (step == null) {
      throw new Failure(404, "no such API: " + route);
    }
    return step.answer(request);
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

  private static Struct error(String message) {
    return Json.object("error", message);
  }

  private static void send(HttpExchange exchange, int status, Struct body) throws IOException {
    byte[] bytes = Json.print(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void serveStatic(HttpExchange exchange, String name) throws IOException {
    try (InputStream in = HttpApi.class.getResourceAsStream("/static/" + name)) {
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
