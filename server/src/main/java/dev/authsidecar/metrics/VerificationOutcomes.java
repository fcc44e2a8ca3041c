package dev.authsidecar.metrics;

import dev.authsidecar.api.v1.FinishAuthenticationResponse;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeResponse;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import java.util.Optional;

/**
 * Reads the verdict out of the answer of a sign-in verification (README, Flows, 2 and 3). The
 * answer is where every factor's outcome ends up, whichever code path decided it, so counting here
 * keeps the count in one place; a retry answered from memory (same request_id) counts again, as the
 * caller hears it again.
 */
final class VerificationOutcomes {
  private VerificationOutcomes() {}

  /** Records the outcome if {@code response} answers a verification; ignores anything else. */
  static void record(Object response, VerificationMetrics metrics) {
    switch (response) {
      case VerifyResponse totp -> count(metrics, Optional.of(FactorType.TOTP), totp.getResult());
      case RecoveryCodeServiceVerifyCodeResponse recovery ->
          count(metrics, Optional.of(FactorType.RECOVERY_CODES), recovery.getResult());
      case FinishAuthenticationResponse webauthn ->
          count(metrics, Optional.of(FactorType.WEBAUTHN), webauthn.getResult());
      case VerifyCodeResponse typed -> count(metrics, factorType(typed), typed.getResult());
      default -> {}
    }
  }

  private static void count(
      VerificationMetrics metrics, Optional<FactorType> factor, VerifyResult result) {
    verdict(result).ifPresent(verdict -> metrics.outcome(factor, verdict));
  }

  private static Optional<FactorType> factorType(VerifyCodeResponse response) {
    return switch (response.getFactorType()) {
      case FACTOR_TYPE_TOTP -> Optional.of(FactorType.TOTP);
      case FACTOR_TYPE_WEBAUTHN -> Optional.of(FactorType.WEBAUTHN);
      case FACTOR_TYPE_RECOVERY_CODES -> Optional.of(FactorType.RECOVERY_CODES);
      case FACTOR_TYPE_TEMPORARY_CODE -> Optional.of(FactorType.TEMPORARY_CODE);
      default -> Optional.empty();
    };
  }

  private static Optional<Verdict> verdict(VerifyResult result) {
    return switch (result) {
      case VERIFY_RESULT_ACCEPTED -> Optional.of(Verdict.ACCEPTED);
      case VERIFY_RESULT_REJECTED -> Optional.of(Verdict.REJECTED);
      case VERIFY_RESULT_REPLAYED -> Optional.of(Verdict.REPLAYED);
      case VERIFY_RESULT_LOCKED_OUT -> Optional.of(Verdict.LOCKED_OUT);
      case VERIFY_RESULT_NOT_ENROLLED -> Optional.of(Verdict.NOT_ENROLLED);
      case VERIFY_RESULT_EXPIRED -> Optional.of(Verdict.EXPIRED);
      default -> Optional.empty();
    };
  }
}
