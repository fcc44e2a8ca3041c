package dev.authsidecar.account;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.RemoveFactorResponse;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.RenameFactorResponse;
import dev.authsidecar.api.v1.SetPreferredFactorRequest;
import dev.authsidecar.api.v1.SetPreferredFactorResponse;
import dev.authsidecar.grpc.Protos;
import dev.authsidecar.validation.Fields;
import io.grpc.stub.StreamObserver;

/** AccountService: validates requests, calls the account logic, shapes the answers. */
public final class AccountGrpcService extends AccountServiceGrpc.AccountServiceImplBase {
  private final Accounts accounts;

  public AccountGrpcService(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> response) {
    var status = Protos.accountStatus(accounts.status(Fields.userId(request.getUserId())));
    var out =
        GetStatusResponse.newBuilder()
            .setEnrolled(status.getEnrolled())
            .addAllFactors(status.getFactorsList())
            .setPreferredFactorId(status.getPreferredFactorId())
            .setRecoveryCodesRemaining(status.getRecoveryCodesRemaining())
            .setMustEnroll(status.getMustEnroll())
            .setFailedAttempts(status.getFailedAttempts())
            .setLockedOut(status.getLockedOut());
    if (status.hasLockedUntil()) {
      out.setLockedUntil(status.getLockedUntil());
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void setPreferredFactor(
      SetPreferredFactorRequest request, StreamObserver<SetPreferredFactorResponse> response) {
    var status =
        accounts.setPreferred(
            Fields.userId(request.getUserId()), Fields.uuid("factor_id", request.getFactorId()));
    response.onNext(
        SetPreferredFactorResponse.newBuilder().setStatus(Protos.accountStatus(status)).build());
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
        RenameFactorResponse.newBuilder().setStatus(Protos.accountStatus(status)).build());
    response.onCompleted();
  }

  @Override
  public void removeFactor(
      RemoveFactorRequest request, StreamObserver<RemoveFactorResponse> response) {
    var status =
        accounts.remove(
            Fields.userId(request.getUserId()), Fields.uuid("factor_id", request.getFactorId()));
    response.onNext(
        RemoveFactorResponse.newBuilder().setStatus(Protos.accountStatus(status)).build());
    response.onCompleted();
  }
}
