package dev.authsidecar.account;

import dev.authsidecar.factor.FactorInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A user's second-factor state as GetStatus reports it. */
public record AccountStatus(
    List<FactorInfo> factors,
    Optional<UUID> preferredFactorId,
    int failedAttempts,
    Optional<Instant> lockedUntil,
    boolean mustEnroll) {

  public boolean enrolled() {
    return !factors.isEmpty();
  }
}
