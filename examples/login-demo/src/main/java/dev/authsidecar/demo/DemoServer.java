package dev.authsidecar.demo;

import com.sun.net.httpserver.HttpServer;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The login service: the page, and a small JSON API under /api/ whose routes are the steps of
 * {@link LoginFlow} (signing in) and {@link FactorSetup} (a signed-in user's factors). Passwords
 * and sessions are this server's job; every second-factor decision is the sidecar's. {@link
 * HttpApi} does the HTTP, JSON and cookies.
 */
public final class DemoServer implements AutoCloseable {
  private static final long DEADLINE_SECONDS = 10;

  private final HttpServer http;
  private final ExecutorService executor;

  private DemoServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /**
   * Serves the page on {@code address}, talking to the sidecar over {@code sidecar} with the demo's
   * caller token, if the sidecar has callers configured.
   */
  public static DemoServer start(
      InetSocketAddress address, Channel sidecar, Optional<CallCredentials> token)
      throws IOException {
    Channel calls = ClientInterceptors.intercept(sidecar, callOptions(token));
    UserStore users = new UserStore();
    PageView view = new PageView(users, AccountServiceGrpc.newBlockingStub(calls));
    LoginFlow login = new LoginFlow(users, view, calls);
    FactorSetup factors = new FactorSetup(view, calls);
    HttpApi api =
        new HttpApi()
            .route("session", login::session)
            .route("signup", login::signUp)
            .route("signin", login::signIn)
            .route("signout", login::signOut)
            .route("totp/verify", login::verifyTotp)
            .route("webauthn/authenticate/start", login::startAuthentication)
            .route("webauthn/authenticate/finish", login::finishAuthentication)
            .route("totp/begin", factors::beginTotp)
            .route("totp/confirm", factors::confirmTotp)
            .route("webauthn/register/start", factors::startRegistration)
            .route("webauthn/register/finish", factors::finishRegistration)
            .route("factors/remove", factors::removeFactor);
    HttpServer http = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.createContext("/", api);
    http.setExecutor(executor);
    http.start();
    return new DemoServer(http, executor);
  }

  /** Every call to the sidecar carries the caller token, if any, and a deadline. */
  private static ClientInterceptor callOptions(Optional<CallCredentials> token) {
    return new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(
          MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        CallOptions withDeadline = options.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
        return next.newCall(
            method, token.map(withDeadline::withCallCredentials).orElse(withDeadline));
      }
    };
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(1);
    executor.shutdownNow();
  }
}
