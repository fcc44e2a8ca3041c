package dev.authsidecar.totp;

import dev.authsidecar.factor.TotpAlgorithm;
import java.util.Optional;

/** A validated BeginEnrollment request. */
public record EnrollmentRequest(
    String userId,
    String label,
    String accountName,
    String issuer,
    Optional<TotpAlgorithm> algorithm,
    Optional<Integer> digits) {}
