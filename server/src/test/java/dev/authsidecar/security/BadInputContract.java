package dev.authsidecar.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.SidecarTestBase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests get INVALID_ARGUMENT or NOT_FOUND naming the field, never INTERNAL or UNKNOWN,
 * change nothing, and leave the server serving.
 */
public abstract class BadInputContract extends SidecarTestBase {
  private static final String USER = "user-bad-input";

  static Stream<Arguments> malformedVerifyRequests() {
    return Stream.of(
        Arguments.of("empty user_id", VerifyRequest.newBuilder().setCode("123456"), "user_id"),
        Arguments.of(
            "oversized user_id",
            VerifyRequest.newBuilder().setUserId("u".repeat(129)).setCode("123456"),
            "user_id"),
        Arguments.of(
            "control character in user_id",
            VerifyRequest.newBuilder().setUserId("bob\n").setCode("123456"),
            "user_id"),
        Arguments.of("empty code", VerifyRequest.newBuilder().setUserId(USER), "code"),
        Arguments.of(
            "non-digit code", VerifyRequest.newBuilder().setUserId(USER).setCode("12a456"), "code"),
        Arguments.of(
            "five digits", VerifyRequest.newBuilder().setUserId(USER).setCode("12345"), "code"),
        Arguments.of(
            "seven digits", VerifyRequest.newBuilder().setUserId(USER).setCode("1234567"), "code"),
        Arguments.of(
            "huge code",
            VerifyRequest.newBuilder().setUserId(USER).setCode("1".repeat(100_000)),
            "code"),
        Arguments.of(
            "oversized request_id",
            VerifyRequest.newBuilder()
                .setUserId(USER)
                .setCode("123456")
                .setRequestId("r".repeat(129)),
            "request_id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedVerifyRequests")
  void verify_malformedRequestIsInvalidArgumentNamingTheField(
      String name, VerifyRequest.Builder request, String field) {
    Enrolled enrolled = enroll(USER);

    assertInvalid(() -> sidecar.totp().verify(request.build()), field);

    assertThat(status().getFailedAttempts()).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(verify(USER, enrolled.app().code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void beginEnrollment_malformedFieldsAreInvalidArgument() {
    Function<BeginEnrollmentRequest.Builder, Runnable> call =
        b -> () -> sidecar.totp().beginEnrollment(b.build());
    assertInvalid(call.apply(BeginEnrollmentRequest.newBuilder()), "user_id");
    assertInvalid(
        call.apply(BeginEnrollmentRequest.newBuilder().setUserId(USER).setLabel("l".repeat(65))),
        "label");
    assertInvalid(
        call.apply(BeginEnrollmentRequest.newBuilder().setUserId(USER).setIssuer("Acme:Corp")),
        "issuer");
    assertInvalid(
        call.apply(
            BeginEnrollmentRequest.newBuilder().setUserId(USER).setAccountName("a".repeat(129))),
        "account_name");
    assertInvalid(
        call.apply(BeginEnrollmentRequest.newBuilder().setUserId(USER).setDigits(7)), "digits");
    // 128 characters, but nine times as long once URL-encoded: too long for a scannable QR code.
    assertInvalid(
        call.apply(
            BeginEnrollmentRequest.newBuilder()
                .setUserId(USER)
                .setIssuer("\u4e2d".repeat(128))
                .setAccountName("\u4e2d".repeat(128))),
        "account_name");
    assertInvalid(
        call.apply(BeginEnrollmentRequest.newBuilder().setUserId(USER).setAlgorithmValue(42)),
        "algorithm");
    assertThat(status().getEnrolled()).isFalse();
  }

  @Test
  void confirmEnrollment_malformedOrUnknownEnrollmentId() {
    assertInvalid(
        () ->
            sidecar
                .totp()
                .confirmEnrollment(
                    ConfirmEnrollmentRequest.newBuilder()
                        .setEnrollmentId("not-a-uuid")
                        .setCode("123456")
                        .build()),
        "enrollment_id");
    assertThatThrownBy(
            () ->
                sidecar
                    .totp()
                    .confirmEnrollment(
                        ConfirmEnrollmentRequest.newBuilder()
                            .setEnrollmentId(UUID.randomUUID().toString())
                            .setCode("123456")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).startsWith("enrollment_id:");
            });
  }

  @Test
  void account_malformedFactorIdIsInvalidArgument() {
    assertInvalid(
        () ->
            sidecar
                .account()
                .renameFactor(
                    RenameFactorRequest.newBuilder()
                        .setUserId(USER)
                        .setFactorId("123")
                        .setLabel("x")
                        .build()),
        "factor_id");
    assertInvalid(
        () -> sidecar.account().getStatus(GetStatusRequest.newBuilder().build()), "user_id");
  }

  @AfterEach
  void serverStillServes() {
    assertThat(status().getFailedAttempts()).isGreaterThanOrEqualTo(0);
  }

  private dev.authsidecar.api.v1.GetStatusResponse status() {
    return sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(USER).build());
  }

  private static void assertInvalid(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith(field + ":");
            });
  }
}
