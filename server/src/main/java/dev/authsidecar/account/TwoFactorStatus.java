package dev.authsidecar.account;

import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.lockout.Lockout;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A user's second-factor state as GetStatus reports it. */
public record TwoFactorStatus(
    List<FactorInfo> factors,
    Optional<UUID> preferredFactorId,
    int failedAttempts,
    Optional<Lockout> lockout,
    boolean mustEnroll,
    int recoveryCodesRemaining) {

  public boolean enrolled() {
    return !factors.isEmpty();
  }
}
