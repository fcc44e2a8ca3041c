package dev.authsidecar.account;

import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.lockout.LockoutCounter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A user's stored second-factor state, before policy is applied to it. */
public record AccountRecord(
    List<FactorInfo> factors,
    Optional<UUID> preferredFactorId,
    LockoutCounter counter,
    boolean mustEnroll,
    int recoveryCodesRemaining) {}
