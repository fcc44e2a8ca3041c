package dev.authsidecar.factor;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.authsidecar.api.v1.Factor;
import dev.authsidecar.api.v1.TotpAlgorithm;
import dev.authsidecar.api.v1.TotpParameters;
import dev.authsidecar.api.v1.VerifyResult;
import java.time.Instant;

/**
 * Conversions of the values every service shares (times, spans, verdicts, factors) to API messages.
 * A conversion only one service needs lives beside that service (e.g. {@code
 * account.AccountProtos}), so this class depends on no service package.
 */
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

  public static TotpAlgorithm totpAlgorithm(dev.authsidecar.factor.TotpAlgorithm algorithm) {
    return switch (algorithm) {
      case SHA1 -> TotpAlgorithm.TOTP_ALGORITHM_SHA1;
      case SHA256 -> TotpAlgorithm.TOTP_ALGORITHM_SHA256;
      case SHA512 -> TotpAlgorithm.TOTP_ALGORITHM_SHA512;
    };
  }

  public static dev.authsidecar.api.v1.FactorType factorType(FactorType type) {
    return switch (type) {
      case TOTP -> dev.authsidecar.api.v1.FactorType.FACTOR_TYPE_TOTP;
      case WEBAUTHN -> dev.authsidecar.api.v1.FactorType.FACTOR_TYPE_WEBAUTHN;
      case RECOVERY_CODES -> dev.authsidecar.api.v1.FactorType.FACTOR_TYPE_RECOVERY_CODES;
      case TEMPORARY_CODE -> dev.authsidecar.api.v1.FactorType.FACTOR_TYPE_TEMPORARY_CODE;
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
                        .setAlgorithm(totpAlgorithm(totp.algorithm()))
                        .setDigits(totp.digits())
                        .setPeriodSeconds(totp.periodSeconds())
                        .setDriftSteps(totp.driftSteps())));
    return factor.build();
  }
}
