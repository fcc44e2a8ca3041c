package dev.authsidecar.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.authsidecar.account.TwoFactorStatus;
import dev.authsidecar.api.v1.Factor;
import dev.authsidecar.api.v1.FactorType;
import dev.authsidecar.api.v1.TotpAlgorithm;
import dev.authsidecar.api.v1.TotpParameters;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.Verdict;
import java.time.Instant;

/** Conversions between domain values and API messages, in one place. */
public final class Protos {
  private Protos() {}

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Duration duration(java.time.Duration duration) {
    return Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }

  public static VerifyResult verifyResult(Verdict verdict) {
    return switch (verdict) {
      case ACCEPTED -> VerifyResult.VERIFY_RESULT_ACCEPTED;
      case REJECTED -> VerifyResult.VERIFY_RESULT_REJECTED;
      case REPLAYED -> VerifyResult.VERIFY_RESULT_REPLAYED;
      case LOCKED_OUT -> VerifyResult.VERIFY_RESULT_LOCKED_OUT;
      case NOT_ENROLLED -> VerifyResult.VERIFY_RESULT_NOT_ENROLLED;
      case EXPIRED -> VerifyResult.VERIFY_RESULT_EXPIRED;
    };
  }

  public static TotpAlgorithm totpAlgorithm(dev.authsidecar.totp.TotpAlgorithm algorithm) {
    return switch (algorithm) {
      case SHA1 -> TotpAlgorithm.TOTP_ALGORITHM_SHA1;
      case SHA256 -> TotpAlgorithm.TOTP_ALGORITHM_SHA256;
      case SHA512 -> TotpAlgorithm.TOTP_ALGORITHM_SHA512;
    };
  }

  public static Factor factor(FactorInfo info) {
    Factor.Builder factor =
        Factor.newBuilder()
            .setId(info.id().toString())
            .setType(factorType(info.type()))
            .setLabel(info.label())
            .setCreatedAt(timestamp(info.createdAt()));
    info.lastUsedAt().ifPresent(at -> factor.setLastUsedAt(timestamp(at)));
    info.totp()
        .ifPresent(
            totp ->
                factor.setTotp(
                    TotpParameters.newBuilder()
                        .setAlgorithm(
                            totpAlgorithm(
                                dev.authsidecar.totp.TotpAlgorithm.valueOf(totp.algorithm())))
                        .setDigits(totp.digits())
                        .setPeriodSeconds(totp.periodSeconds())
                        .setDriftSteps(totp.driftSteps())));
    return factor.build();
  }

  public static dev.authsidecar.api.v1.AccountStatus accountStatus(TwoFactorStatus status) {
    var out =
        dev.authsidecar.api.v1.AccountStatus.newBuilder()
            .setEnrolled(status.enrolled())
            .setMustEnroll(status.mustEnroll())
            .setFailedAttempts(status.failedAttempts())
            .setRecoveryCodesRemaining(status.recoveryCodesRemaining());
    status.factors().forEach(f -> out.addFactors(factor(f)));
    status.preferredFactorId().ifPresent(id -> out.setPreferredFactorId(id.toString()));
    status
        .lockout()
        .ifPresent(
            lockout -> {
              out.setLockedOut(true);
              lockout.until().ifPresent(at -> out.setLockedUntil(timestamp(at)));
            });
    return out.build();
  }

  private static FactorType factorType(dev.authsidecar.factor.FactorType type) {
    return switch (type) {
      case TOTP -> FactorType.FACTOR_TYPE_TOTP;
      case WEBAUTHN -> FactorType.FACTOR_TYPE_WEBAUTHN;
    };
  }
}
