package dev.authsidecar.testing;

import dev.authsidecar.caller.CallersSource;
import dev.authsidecar.config.AccessConfig;
import io.grpc.CallCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The calling services of the test sidecars, each with its bearer token: the suites run as
 * authenticated callers with only the permissions their calls need.
 */
public final class TestCallers {
  /** The sign-in service: login permission. */
  public static final String LOGIN = "login-server";

  /** A second sign-in service (another login frontend). */
  public static final String OTHER_LOGIN = "login-web";

  /** The support console: admin and audit permissions, nothing else. */
  public static final String ADMIN = "support-console";

  /** A sign-in service that may vouch for a password re-check (login and vouch). */
  public static final String VOUCHER = "login-vouching";

  /** Only reads the audit trail. */
  public static final String AUDITOR = "audit-reader";

  private static final Map<String, String> TOKENS =
      Map.of(
          LOGIN, "test-token-login-server-0123456789abcdef",
          OTHER_LOGIN, "test-token-login-web-0123456789abcdefgh",
          ADMIN, "test-token-support-console-0123456789ab",
          VOUCHER, "test-token-login-vouching-0123456789abc",
          AUDITOR, "test-token-audit-reader-0123456789abcde");

  /** The callers file of the test sidecars. */
  public static final String YAML =
      """
      callers:
        - name: login-server
          permissions: [login]
          tokens: [{value: %s}]
        - name: login-web
          permissions: [login]
          tokens: [{value: %s}]
        - name: support-console
          permissions: [admin, audit]
          tokens: [{value: %s}]
        - name: login-vouching
          permissions: [login, vouch]
          tokens: [{value: %s}]
        - name: audit-reader
          permissions: [audit]
          tokens: [{value: %s}]
      """
          .formatted(
              TOKENS.get(LOGIN),
              TOKENS.get(OTHER_LOGIN),
              TOKENS.get(ADMIN),
              TOKENS.get(VOUCHER),
              TOKENS.get(AUDITOR));

  public static final AccessConfig ACCESS =
      new AccessConfig(
          Optional.of(new CallersSource.Inline(YAML)),
          Optional.empty(),
          false,
          AccessConfig.DEFAULT_RELOAD_INTERVAL);

  private TestCallers() {}

  public static String token(String caller) {
    String token = TOKENS.get(caller);
    if (token == null) {
      throw new IllegalArgumentException("no test caller named " + caller);
    }
    return token;
  }

  /** Sends {@code authorization: Bearer <token>} for the caller. */
  public static CallCredentials credentials(String caller) {
    return bearer(token(caller));
  }

  /** For a channel: sends the caller's token with every call. */
  public static ClientInterceptor headers(String caller) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token(caller));
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  public static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }
}
