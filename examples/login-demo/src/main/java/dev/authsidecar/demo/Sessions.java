package dev.authsidecar.demo;

import com.sun.net.httpserver.HttpExchange;
import java.net.HttpCookie;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Server-side sessions behind an HttpOnly cookie. */
final class Sessions {
  static final String COOKIE = "demo_session";
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  enum Stage {
    /** Nobody signed in; holds a passkey ceremony started without a username. */
    ANONYMOUS,
    /** The password was right and a second factor is still due. */
    SECOND_FACTOR,
    SIGNED_IN
  }

  /** One browser's state. The ceremony and enrollment ids never leave the server. */
  static final class Session {
    final String token;
    final Stage stage;
    final String userId;
    volatile Instant lastSeen = Instant.now();
    volatile String ceremonyId = "";
    volatile String enrollmentId = "";

    private Session(String token, Stage stage, String userId) {
      this.token = token;
      this.stage = stage;
      this.userId = userId;
    }

    /** The WebAuthn ceremony this session started; each is finished once, so the id is dropped. */
    String takeCeremony() {
      String id = ceremonyId;
      if (id.isEmpty()) {
        throw new Failure(409, "Start the ceremony first");
      }
      ceremonyId = "";
      return id;
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  Optional<Session> find(HttpExchange exchange) {
    List<String> headers = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
    for (String header : headers) {
      for (String part : header.split(";")) {
        List<HttpCookie> cookies;
        try {
          cookies = HttpCookie.parse(part.strip());
        } catch (IllegalArgumentException e) {
          continue;
        }
        for (HttpCookie cookie : cookies) {
          if (cookie.getName().equals(COOKIE)) {
            Session session = sessions.get(cookie.getValue());
            if (session != null && session.lastSeen.plus(IDLE_TIMEOUT).isAfter(Instant.now())) {
              session.lastSeen = Instant.now();
              return Optional.of(session);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a new session and drops the old one: every change of stage gets a fresh token, so a
   * token seen before sign-in is worthless after it.
   */
  Session replace(HttpExchange exchange, Optional<Session> old, Stage stage, String userId) {
    old.ifPresent(s -> sessions.remove(s.token));
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    Session session =
        new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), stage, userId);
    sessions.put(session.token, session);
    // Secure is left out only because the demo runs on http://localhost.
    exchange
        .getResponseHeaders()
        .add("Set-Cookie", COOKIE + "=" + session.token + "; Path=/; HttpOnly; SameSite=Strict");
    return session;
  }

  void end(HttpExchange exchange, Optional<Session> session) {
    session.ifPresent(s -> sessions.remove(s.token));
    exchange
        .getResponseHeaders()
        .add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  }
}
