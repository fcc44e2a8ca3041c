package dev.authsidecar.account;

import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to AccountService.VerifyCode: the verdict and which kind of code it was.
 *
 * @param kind TOTP, RECOVERY_CODES or TEMPORARY_CODE
 */
public record CodeOutcome(
    Verdict verdict,
    FactorType kind,
    Optional<UUID> factorId,
    Optional<Duration> retryAfter,
    int recoveryCodesRemaining) {}
