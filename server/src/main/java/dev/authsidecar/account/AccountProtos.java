package dev.authsidecar.account;

import dev.authsidecar.api.v1.AccountStatus;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.factor.Protos;

/** AccountService's answers built from account values (shared conversions are in Protos). */
final class AccountProtos {
  private AccountProtos() {}

  static AccountStatus status(TwoFactorStatus status) {
    var out =
        AccountStatus.newBuilder()
            .setEnrolled(status.enrolled())
            .setMustEnroll(status.mustEnroll())
            .setFailedAttempts(status.failedAttempts())
            .setRecoveryCodesRemaining(status.recoveryCodesRemaining());
    status.factors().forEach(f -> out.addFactors(Protos.factor(f)));
    status.preferredFactorId().ifPresent(id -> out.setPreferredFactorId(id.toString()));
    status
        .lockout()
        .ifPresent(
            lockout -> {
              out.setLockedOut(true);
              lockout.until().ifPresent(at -> out.setLockedUntil(Protos.timestamp(at)));
            });
    return out.build();
  }

  /** GetStatus repeats the status fields at the top level of its response. */
  static GetStatusResponse getStatusResponse(TwoFactorStatus domain) {
    AccountStatus status = status(domain);
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
    return out.build();
  }

  static VerifyCodeResponse verifyCodeResponse(CodeOutcome outcome) {
    var out =
        VerifyCodeResponse.newBuilder()
            .setResult(Protos.verifyResult(outcome.verdict()))
            .setFactorType(Protos.factorType(outcome.kind()))
            .setRecoveryCodesRemaining(outcome.recoveryCodesRemaining());
    outcome.factorId().ifPresent(id -> out.setFactorId(id.toString()));
    outcome.retryAfter().ifPresent(d -> out.setRetryAfter(Protos.duration(d)));
    return out.build();
  }
}
