package dev.authsidecar.totp;

import com.google.protobuf.ByteString;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentResponse;
import dev.authsidecar.api.v1.TotpParameters;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.factor.Protos;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.idempotency.FactorGenerations;
import dev.authsidecar.idempotency.RetryCache;
import dev.authsidecar.validation.Codes;
import dev.authsidecar.validation.Fields;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/** TotpService: validates requests, calls the TOTP logic, shapes the answers. */
public final class TotpGrpcService extends TotpServiceGrpc.TotpServiceImplBase {
  private static final String DEFAULT_LABEL = "Authenticator app";

  private final Totp totp;
  private final TotpPolicy policy;

  private final RetryCache<VerifyResponse> retries;

  public TotpGrpcService(
      Totp totp,
      TotpPolicy policy,
      Duration retryMemory,
      FactorGenerations generations,
      MeterRegistry meters) {
    this.totp = totp;
    this.policy = policy;
    this.retries = RetryCache.forService(retryMemory, generations, meters, "retry_totp_verify");
  }

  @Override
  public void beginEnrollment(
      BeginEnrollmentRequest request, StreamObserver<BeginEnrollmentResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String label = Fields.label("label", request.getLabel(), DEFAULT_LABEL);
    String accountName = otpauthName("account_name", request.getAccountName(), userId);
    String issuer = otpauthName("issuer", request.getIssuer(), policy.issuer());
    NewEnrollment enrollment =
        totp.enrollments()
            .begin(
                new EnrollmentRequest(
                    userId, label, accountName, issuer, algorithm(request), digits(request)));
    response.onNext(
        BeginEnrollmentResponse.newBuilder()
            .setEnrollmentId(enrollment.id().toString())
            .setSecret(enrollment.base32Secret())
            .setOtpauthUri(enrollment.otpauthUri())
            .setQrPng(ByteString.copyFrom(enrollment.qrPng()))
            .setQrSvg(enrollment.qrSvg())
            .setExpiresAt(Protos.timestamp(enrollment.expiresAt()))
            .setParameters(
                TotpParameters.newBuilder()
                    .setAlgorithm(Protos.totpAlgorithm(enrollment.algorithm()))
                    .setDigits(enrollment.digits())
                    .setPeriodSeconds(enrollment.periodSeconds()))
            .build());
    response.onCompleted();
  }

  @Override
  public void confirmEnrollment(
      ConfirmEnrollmentRequest request, StreamObserver<ConfirmEnrollmentResponse> response) {
    var enrollmentId = Fields.uuid("enrollment_id", request.getEnrollmentId());
    String code = Codes.totp("code", request.getCode());
    ConfirmOutcome outcome = totp.enrollments().confirm(enrollmentId, code);
    var out =
        ConfirmEnrollmentResponse.newBuilder().setResult(Protos.verifyResult(outcome.verdict()));
    outcome.factor().ifPresent(f -> out.setFactor(Protos.factor(f)));
    outcome.retryAfter().ifPresent(d -> out.setRetryAfter(Protos.duration(d)));
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void verify(VerifyRequest request, StreamObserver<VerifyResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String code = Codes.totp("code", request.getCode());
    String requestId = Fields.requestId(request.getRequestId());
    response.onNext(
        retries.answer(
            userId, requestId, code, () -> toResponse(totp.verifier().verify(userId, code))));
    response.onCompleted();
  }

  private static VerifyResponse toResponse(VerifyOutcome outcome) {
    var out =
        VerifyResponse.newBuilder()
            .setResult(Protos.verifyResult(outcome.verdict()))
            .setTimeStepOffset(outcome.stepOffset());
    outcome.factorId().ifPresent(id -> out.setFactorId(id.toString()));
    outcome.retryAfter().ifPresent(d -> out.setRetryAfter(Protos.duration(d)));
    return out.build();
  }

  /** The Key Uri Format forbids colons in issuer and account name: they split the label. */
  private static String otpauthName(String field, String value, String fallback) {
    String name =
        value.isBlank() ? fallback : Fields.required(field, value.strip(), Fields.MAX_NAME);
    if (name.contains(":")) {
      throw new InvalidArgumentException(field, "must not contain ':'");
    }
    return name;
  }

  private static Optional<TotpAlgorithm> algorithm(BeginEnrollmentRequest request) {
    return switch (request.getAlgorithm()) {
      case TOTP_ALGORITHM_UNSPECIFIED -> Optional.empty();
      case TOTP_ALGORITHM_SHA1 -> Optional.of(TotpAlgorithm.SHA1);
      case TOTP_ALGORITHM_SHA256 -> Optional.of(TotpAlgorithm.SHA256);
      case TOTP_ALGORITHM_SHA512 -> Optional.of(TotpAlgorithm.SHA512);
      case UNRECOGNIZED ->
          throw new InvalidArgumentException(
              "algorithm", "unknown value " + request.getAlgorithmValue());
    };
  }

  private static Optional<Integer> digits(BeginEnrollmentRequest request) {
    return switch (request.getDigits()) {
      case 0 -> Optional.empty();
      case 6, 8 -> Optional.of(request.getDigits());
      default ->
          throw new InvalidArgumentException(
              "digits", "must be 6 or 8 (or 0 for the default), got " + request.getDigits());
    };
  }
}
