package dev.authsidecar.account;

import com.google.protobuf.Timestamp;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.DeleteUserResponse;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.ReauthenticationProof;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.RemoveFactorResponse;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.RenameFactorResponse;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.ResetUserResponse;
import dev.authsidecar.api.v1.SetPreferredFactorRequest;
import dev.authsidecar.api.v1.SetPreferredFactorResponse;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.factor.Protos;
import dev.authsidecar.idempotency.FactorGenerations;
import dev.authsidecar.idempotency.RetryCache;
import dev.authsidecar.recovery.RecoveryCodes;
import dev.authsidecar.validation.Codes;
import dev.authsidecar.validation.Fields;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** AccountService: validates requests, calls the account logic, shapes the answers. */
public final class AccountGrpcService extends AccountServiceGrpc.AccountServiceImplBase {
  private final FactorManagement accounts;
  private final AccountLifecycle lifecycle;

  private final RetryCache<VerifyCodeResponse> retries;

  private static final Pattern REAUTHENTICATION_METHOD = Pattern.compile("[a-z0-9_.-]{1,32}");

  public AccountGrpcService(
      FactorManagement accounts,
      AccountLifecycle lifecycle,
      Duration retryMemory,
      FactorGenerations generations,
      MeterRegistry meters) {
    this.accounts = accounts;
    this.lifecycle = lifecycle;
    this.retries =
        RetryCache.forService(retryMemory, generations, meters, "retry_account_verify_code");
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> response) {
    response.onNext(
        AccountProtos.getStatusResponse(accounts.status(Fields.userId(request.getUserId()))));
    response.onCompleted();
  }

  @Override
  public void setPreferredFactor(
      SetPreferredFactorRequest request, StreamObserver<SetPreferredFactorResponse> response) {
    var status =
        accounts.setPreferred(
            Fields.userId(request.getUserId()), Fields.uuid("factor_id", request.getFactorId()));
    response.onNext(
        SetPreferredFactorResponse.newBuilder().setStatus(AccountProtos.status(status)).build());
    response.onCompleted();
  }

  @Override
  public void renameFactor(
      RenameFactorRequest request, StreamObserver<RenameFactorResponse> response) {
    String userId = Fields.userId(request.getUserId());
    var factorId = Fields.uuid("factor_id", request.getFactorId());
    String label = Fields.required("label", request.getLabel().strip(), Fields.MAX_LABEL);
    var status = accounts.rename(userId, factorId, label);
    response.onNext(
        RenameFactorResponse.newBuilder().setStatus(AccountProtos.status(status)).build());
    response.onCompleted();
  }

  @Override
  public void removeFactor(
      RemoveFactorRequest request, StreamObserver<RemoveFactorResponse> response) {
    var status =
        accounts.remove(
            Fields.userId(request.getUserId()), Fields.uuid("factor_id", request.getFactorId()));
    response.onNext(
        RemoveFactorResponse.newBuilder().setStatus(AccountProtos.status(status)).build());
    response.onCompleted();
  }

  @Override
  public void verifyCode(VerifyCodeRequest request, StreamObserver<VerifyCodeResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String requestId = Fields.requestId(request.getRequestId());
    TypedCode typed = TypedCode.of(Codes.normalize("code", request.getCode()));
    response.onNext(
        retries.answer(
            userId,
            requestId,
            typed.retryKey(),
            () -> AccountProtos.verifyCodeResponse(lifecycle.verifyCode(userId, typed))));
    response.onCompleted();
  }

  @Override
  public void disableTwoFactor(
      DisableTwoFactorRequest request, StreamObserver<DisableTwoFactorResponse> response) {
    String userId = Fields.userId(request.getUserId());
    AccountLifecycle.DisableOutcome outcome = lifecycle.disable(userId, proof(request.getProof()));
    var out =
        DisableTwoFactorResponse.newBuilder()
            .setResult(Protos.verifyResult(outcome.verdict()))
            .setStatus(AccountProtos.status(accounts.status(userId)));
    outcome.retryAfter().ifPresent(d -> out.setRetryAfter(Protos.duration(d)));
    out.setReason(outcome.reason());
    response.onNext(out.build());
    response.onCompleted();
  }

  /** The proof, checked for form; whether it is accepted is the lifecycle's decision. */
  private static DisablingProof proof(DisableProof proof) {
    return switch (proof.getKindCase()) {
      case TOTP_CODE ->
          new DisablingProof.TotpCode(Codes.totp("proof.totp_code", proof.getTotpCode()));
      case RECOVERY_CODES ->
          new DisablingProof.RecoveryCodeSet(
              proof.getRecoveryCodes().getCodesList().stream()
                  .limit(RecoveryCodes.MAX_COUNT + 1)
                  .map(
                      c ->
                          Codes.crockford(
                              "proof.recovery_codes", c, RecoveryCodes.LENGTH, "a recovery code"))
                  .toList());
      case ADMIN -> {
        if (!proof.getAdmin()) {
          throw new InvalidArgumentException("proof.admin", "must be true when given");
        }
        yield new DisablingProof.Admin();
      }
      case WEBAUTHN ->
          new DisablingProof.WebAuthnAssertion(
              Fields.uuid("proof.webauthn.ceremony_id", proof.getWebauthn().getCeremonyId()),
              credentialJson(proof.getWebauthn().getCredentialJson()));
      case REAUTHENTICATED ->
          new DisablingProof.Reauthenticated(
              reauthenticationMethod(proof.getReauthenticated().getMethod()),
              reauthenticatedAt(proof.getReauthenticated()));
      case KIND_NOT_SET ->
          throw new InvalidArgumentException(
              "proof",
              "is required: totp_code, recovery_codes, admin, webauthn or reauthenticated");
    };
  }

  /** Checked further (size, syntax) by the ceremony code, which names the field as here. */
  private static String credentialJson(String json) {
    if (json.isEmpty()) {
      throw new InvalidArgumentException("proof.webauthn.credential_json", "is required");
    }
    return json;
  }

  /** A label for the event, e.g. "password"; a closed alphabet keeps it safe to display. */
  private static String reauthenticationMethod(String method) {
    if (!REAUTHENTICATION_METHOD.matcher(method).matches()) {
      throw new InvalidArgumentException(
          "proof.reauthenticated.method", "must be 1 to 32 of [a-z0-9_.-], e.g. password");
    }
    return method;
  }

  private static Instant reauthenticatedAt(ReauthenticationProof proof) {
    String field = "proof.reauthenticated.authenticated_at";
    if (!proof.hasAuthenticatedAt()) {
      throw new InvalidArgumentException(field, "is required");
    }
    Timestamp at = proof.getAuthenticatedAt();
    // google.protobuf.Timestamp's documented range: 0001-01-01 to 9999-12-31, nanos 0 to 1e9-1.
    if (at.getSeconds() < -62_135_596_800L
        || at.getSeconds() > 253_402_300_799L
        || at.getNanos() < 0
        || at.getNanos() > 999_999_999) {
      throw new InvalidArgumentException(field, "is not a valid timestamp");
    }
    return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
  }

  @Override
  public void resetUser(ResetUserRequest request, StreamObserver<ResetUserResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String actor = Fields.required("actor", request.getActor().strip(), Fields.MAX_NAME);
    String reason = Fields.required("reason", request.getReason().strip(), Fields.MAX_REASON);
    AccountLifecycle.IssuedTemporaryCode issued = lifecycle.reset(userId, actor, reason);
    response.onNext(
        ResetUserResponse.newBuilder()
            .setTemporaryCode(issued.code())
            .setExpiresAt(Protos.timestamp(issued.expiresAt()))
            .build());
    response.onCompleted();
  }

  @Override
  public void deleteUser(DeleteUserRequest request, StreamObserver<DeleteUserResponse> response) {
    lifecycle.delete(Fields.userId(request.getUserId()));
    response.onNext(DeleteUserResponse.getDefaultInstance());
    response.onCompleted();
  }
}
