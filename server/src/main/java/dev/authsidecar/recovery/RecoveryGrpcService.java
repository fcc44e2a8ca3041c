package dev.authsidecar.recovery;

import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GenerateCodesResponse;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeResponse;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.factor.Protos;
import dev.authsidecar.idempotency.FactorGenerations;
import dev.authsidecar.idempotency.RetryCache;
import dev.authsidecar.validation.Codes;
import dev.authsidecar.validation.Fields;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** RecoveryCodeService: validates requests, calls the recovery-code logic, shapes the answers. */
public final class RecoveryGrpcService extends RecoveryCodeServiceGrpc.RecoveryCodeServiceImplBase {
  private final RecoveryCodes recovery;
  private final int defaultCount;

  private final RetryCache<RecoveryCodeServiceVerifyCodeResponse> retries;

  public RecoveryGrpcService(
      RecoveryCodes recovery,
      int defaultCount,
      Duration retryMemory,
      FactorGenerations generations,
      MeterRegistry meters) {
    this.recovery = recovery;
    this.defaultCount = defaultCount;
    this.retries = RetryCache.forService(retryMemory, generations, meters, "retry_recovery_verify");
  }

  @Override
  public void generateCodes(
      GenerateCodesRequest request, StreamObserver<GenerateCodesResponse> response) {
    String userId = Fields.userId(request.getUserId());
    int count = request.getCount() == 0 ? defaultCount : request.getCount();
    if (count < 1 || count > RecoveryCodes.MAX_COUNT) {
      throw new InvalidArgumentException(
          "count",
          "must be 1 to " + RecoveryCodes.MAX_COUNT + " (0 for the default), got " + count);
    }
    RecoveryCodes.GeneratedCodes generated = recovery.generate(userId, count);
    response.onNext(
        GenerateCodesResponse.newBuilder()
            .addAllCodes(generated.codes())
            .setGeneratedAt(Protos.timestamp(generated.generatedAt()))
            .build());
    response.onCompleted();
  }

  @Override
  public void verifyCode(
      RecoveryCodeServiceVerifyCodeRequest request,
      StreamObserver<RecoveryCodeServiceVerifyCodeResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String code =
        Codes.crockford("code", request.getCode(), RecoveryCodes.LENGTH, "a recovery code");
    String requestId = Fields.requestId(request.getRequestId());
    response.onNext(
        retries.answer(
            userId,
            requestId,
            code,
            () -> {
              RecoveryOutcome outcome = recovery.verify(userId, code);
              var out =
                  RecoveryCodeServiceVerifyCodeResponse.newBuilder()
                      .setResult(Protos.verifyResult(outcome.verdict()))
                      .setRemaining(outcome.remaining());
              outcome.retryAfter().ifPresent(d -> out.setRetryAfter(Protos.duration(d)));
              return out.build();
            }));
    response.onCompleted();
  }
}
