package dev.authsidecar.stubs;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.FactorType;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The client scenario of {@code client-stubs/test}, on the Java stubs: enroll TOTP, confirm, verify
 * a fresh code, replay it, read the status, use a recovery code, and check the error statuses.
 * Exits with status 1 at the first step that does not behave as a login server relies on.
 *
 * <p>Reads AUTHSIDECAR_ADDRESS, AUTHSIDECAR_TOKEN and AUTHSIDECAR_RUN_ID (see client-stubs/test).
 */
public final class JavaScenario {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  public static void main(String[] args) throws InterruptedException {
    String address = System.getenv("AUTHSIDECAR_ADDRESS");
    String token = System.getenv("AUTHSIDECAR_TOKEN");
    String userId = "java-" + System.getenv("AUTHSIDECAR_RUN_ID");
    // Plaintext is only for the loopback sidecar of the test; a shared sidecar is reached over
    // TLS (TlsChannelCredentials with the CA and, for mTLS, the client certificate and key).
    ManagedChannel channel =
        Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
    try {
      new JavaScenario(channel, token).run(userId);
      System.out.println("java: every step behaved as expected");
    } catch (ScenarioFailure failure) {
      System.err.println("java: FAILED: " + failure.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private final ManagedChannel channel;
  private final BearerToken credentials;

  private JavaScenario(ManagedChannel channel, String token) {
    this.channel = channel;
    this.credentials = new BearerToken(token);
  }

  private void run(String userId) {
    BeginEnrollmentResponse enrollment =
        totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(userId).build());
    step("BeginEnrollment returned a secret", !enrollment.getSecret().isEmpty());

    // Two codes from one instant: the previous step's confirms the enrollment (and is consumed),
    // the current step's is then fresh for Verify. Both lie in the default window.
    Instant now = awayFromStepEnd(Instant.now());
    String previousCode = totpCode(enrollment.getSecret(), now.minusSeconds(30));
    String currentCode = totpCode(enrollment.getSecret(), now);

    VerifyResult confirmed =
        totp()
            .confirmEnrollment(
                ConfirmEnrollmentRequest.newBuilder()
                    .setEnrollmentId(enrollment.getEnrollmentId())
                    .setCode(previousCode)
                    .build())
            .getResult();
    expect("ConfirmEnrollment", VerifyResult.VERIFY_RESULT_ACCEPTED, confirmed);

    VerifyRequest verify =
        VerifyRequest.newBuilder().setUserId(userId).setCode(currentCode).build();
    expect(
        "Verify fresh code",
        VerifyResult.VERIFY_RESULT_ACCEPTED,
        totp().verify(verify).getResult());
    expect(
        "Verify same code again",
        VerifyResult.VERIFY_RESULT_REPLAYED,
        totp().verify(verify).getResult());

    GetStatusResponse status =
        account().getStatus(GetStatusRequest.newBuilder().setUserId(userId).build());
    step(
        "GetStatus shows one TOTP factor",
        status.getEnrolled()
            && status.getFactorsCount() == 1
            && status.getFactors(0).getType() == FactorType.FACTOR_TYPE_TOTP);

    List<String> codes =
        recovery()
            .generateCodes(GenerateCodesRequest.newBuilder().setUserId(userId).build())
            .getCodesList();
    step("GenerateCodes returned codes", !codes.isEmpty());
    VerifyCodeRequest useRecoveryCode =
        VerifyCodeRequest.newBuilder().setUserId(userId).setCode(codes.get(0)).build();
    VerifyCodeResponse used = account().verifyCode(useRecoveryCode);
    expect(
        "VerifyCode with a recovery code", VerifyResult.VERIFY_RESULT_ACCEPTED, used.getResult());
    step("one recovery code fewer remains", used.getRecoveryCodesRemaining() == codes.size() - 1);
    expect(
        "VerifyCode with the same recovery code",
        VerifyResult.VERIFY_RESULT_REPLAYED,
        account().verifyCode(useRecoveryCode).getResult());

    expectStatus(
        "Verify with an empty user_id",
        Status.Code.INVALID_ARGUMENT,
        () -> totp().verify(VerifyRequest.newBuilder().setCode(currentCode).build()));
    expectStatus(
        "GetStatus without a token",
        Status.Code.UNAUTHENTICATED,
        () ->
            AccountServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE)
                .getStatus(GetStatusRequest.newBuilder().setUserId(userId).build()));
  }

  private TotpServiceGrpc.TotpServiceBlockingStub totp() {
    return TotpServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(credentials)
        .withDeadlineAfter(DEADLINE);
  }

  private AccountServiceGrpc.AccountServiceBlockingStub account() {
    return AccountServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(credentials)
        .withDeadlineAfter(DEADLINE);
  }

  private RecoveryCodeServiceGrpc.RecoveryCodeServiceBlockingStub recovery() {
    return RecoveryCodeServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(credentials)
        .withDeadlineAfter(DEADLINE);
  }

  /**
   * Waits for the next step when fewer than 3 s are left in this one, so that the sidecar still
   * sees the two codes computed now inside its window when they arrive.
   */
  private static Instant awayFromStepEnd(Instant now) {
    long leftInStep = 30_000 - now.toEpochMilli() % 30_000;
    if (leftInStep >= 3_000) {
      return now;
    }
    try {
      Thread.sleep(leftInStep + 100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScenarioFailure("interrupted");
    }
    return Instant.now();
  }

  /** The RFC 6238 code (SHA-1, 6 digits, 30 s: the sidecar's defaults) of the base32 secret. */
  private static String totpCode(String base32Secret, Instant at) {
    byte[] key = new Base32().decode(base32Secret);
    try {
      return new TimeBasedOneTimePasswordGenerator()
          .generateOneTimePasswordString(new SecretKeySpec(key, "HmacSHA1"), at);
    } catch (InvalidKeyException e) {
      throw new ScenarioFailure("the secret is not a usable HMAC key: " + e.getMessage());
    }
  }

  private static void expect(String what, VerifyResult expected, VerifyResult actual) {
    boolean ok = actual == expected;
    step(what + " → " + actual + (ok ? "" : " (expected " + expected + ")"), ok);
  }

  private static void expectStatus(String what, Status.Code expected, Supplier<?> call) {
    try {
      call.get();
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      boolean ok = status.getCode() == expected;
      step(
          what
              + " → "
              + status.getCode()
              + ": "
              + status.getDescription()
              + (ok ? "" : " (expected " + expected + ")"),
          ok);
      return;
    }
    throw new ScenarioFailure(what + " succeeded; expected " + expected);
  }

  private static void step(String what, boolean ok) {
    if (!ok) {
      throw new ScenarioFailure(what);
    }
    System.out.println("  ok  " + what);
  }

  private static final class ScenarioFailure extends RuntimeException {
    ScenarioFailure(String message) {
      super(message);
    }
  }
}
