package dev.authsidecar.caller;

import static dev.authsidecar.testing.GrpcAssertions.assertRefused;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.AccountServiceGrpc.AccountServiceBlockingStub;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.config.AccessConfig;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens for the in-pod case: missing, wrong, malformed and revoked tokens are refused
 * before any service code runs; two tokens per caller work during a rotation; token and callers
 * files are re-read without a restart.
 */
class CallerTokensTest {
  private static final String CURRENT = "current-token-0123456789abcdefghijklmnop";
  private static final String NEXT = "next-token-0123456789abcdefghijklmnopqrs";
  private static final String THIRD = "third-token-0123456789abcdefghijklmnopqr";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.atStepStart();
  private TestDatabase database;
  private TestSidecar sidecar;
  private Path callersFile;
  private Path currentFile;
  private Path nextFile;

  @BeforeEach
  void start() throws Exception {
    currentFile = Files.writeString(dir.resolve("current.token"), CURRENT + "\n");
    nextFile = Files.writeString(dir.resolve("next.token"), NEXT);
    callersFile = dir.resolve("callers.yaml");
    writeCallers(currentFile, nextFile);
    database = TestDatabase.h2();
    AccessConfig access =
        new AccessConfig(
            Optional.of(new CallersSource.FromFile(callersFile)),
            Optional.empty(),
            false,
            Duration.ofMillis(100));
    sidecar = TestSidecar.start(TestSidecar.config(database.config()).withAccess(access), clock);
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
    database.close();
  }

  @Test
  void missingToken_isUnauthenticated() {
    assertRefused(() -> plain().getStatus(status()), Status.Code.UNAUTHENTICATED, "no credentials");
  }

  @Test
  void unknownToken_isUnauthenticated() {
    assertRefused(
        () -> withToken(THIRD).getStatus(status()),
        Status.Code.UNAUTHENTICATED,
        "unknown or revoked token");
  }

  @Test
  void malformedAuthorization_isUnauthenticatedWithoutEchoingIt() {
    for (String value :
        new String[] {
          "Basic " + CURRENT, "Bearer", "Bearer short", CURRENT, "Bearer  " + CURRENT + " x"
        }) {
      StatusRuntimeException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class, () -> withAuthorization(value).getStatus(status()));
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(refused.getStatus().getDescription()).doesNotContain(CURRENT);
    }
  }

  @Test
  void twoAuthorizationHeaders_areUnauthenticated() {
    Metadata twice = new Metadata();
    Metadata.Key<String> key = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    twice.put(key, "Bearer " + CURRENT);
    twice.put(key, "Bearer " + NEXT);
    assertRefused(
        () ->
            plain()
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(twice))
                .getStatus(status()),
        Status.Code.UNAUTHENTICATED,
        "exactly one");
  }

  @Test
  void bothTokensOfARotation_areAccepted_andTheCallerIsNamed() {
    assertThat(withToken(CURRENT).getStatus(status()).getEnrolled()).isFalse();
    assertThat(withToken(NEXT).getStatus(status()).getEnrolled()).isFalse();
    // Without the admin permission, whichever token.
    assertRefused(
        () -> withToken(NEXT).resetUser(ResetUserRequest.newBuilder().setUserId("u").build()),
        Status.Code.PERMISSION_DENIED,
        "caller 'login-web'");
  }

  @Test
  void tokenRemovedFromTheCallersFile_isRevokedWithoutARestart() throws Exception {
    writeCallers(nextFile);

    eventually(() -> refused(CURRENT));
    assertThat(withToken(NEXT).getStatus(status()).getEnrolled()).isFalse();
  }

  @Test
  void tokenFileRewritten_replacesTheTokenWithoutARestart() throws Exception {
    Files.writeString(currentFile, THIRD);

    eventually(() -> !refused(THIRD));
    assertThat(refused(CURRENT)).isTrue();
    assertThat(refused(NEXT)).isFalse();
  }

  @Test
  void brokenCallersFile_keepsTheCallersInForce() throws Exception {
    Files.writeString(callersFile, "callers:\n  - name: [unclosed\n");
    Thread.sleep(500); // several reload periods

    assertThat(refused(CURRENT)).isFalse();
    assertThat(refused(NEXT)).isFalse();
  }

  @Test
  void callerHeader_isNoCredential() {
    Metadata claim = new Metadata();
    claim.put(Metadata.Key.of("authsidecar-caller", Metadata.ASCII_STRING_MARSHALLER), "login-web");
    assertStatus(
        () ->
            plain()
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(claim))
                .getStatus(status()),
        Status.Code.UNAUTHENTICATED);
  }

  private void writeCallers(Path... tokenFiles) throws Exception {
    StringBuilder yaml =
        new StringBuilder("callers:\n  - name: login-web\n    permissions: [login]\n    tokens:\n");
    for (Path file : tokenFiles) {
      yaml.append("      - file: ").append(file).append('\n');
    }
    Path temp = Files.writeString(dir.resolve("callers.tmp"), yaml);
    Files.move(temp, callersFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private boolean refused(String token) {
    try {
      withToken(token).getStatus(status());
      return false;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      return true;
    }
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(50);
    }
  }

  private AccountServiceBlockingStub plain() {
    return AccountServiceGrpc.newBlockingStub(sidecar.channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private AccountServiceBlockingStub withToken(String token) {
    return plain().withCallCredentials(TestCallers.bearer(token));
  }

  private AccountServiceBlockingStub withAuthorization(String value) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
    return plain().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static GetStatusRequest status() {
    return GetStatusRequest.newBuilder().setUserId("user-1").build();
  }
}
