package dev.authsidecar.account;

import dev.authsidecar.error.NotFoundException;
import java.time.Clock;
import java.util.UUID;

/** Flow 6 of the design: status, preferred method, rename and remove. */
public final class Accounts {
  private final AccountStore store;
  private final Clock clock;

  public Accounts(AccountStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public AccountStatus status(String userId) {
    AccountStatus status = store.status(userId);
    // A lockout that has run out is history, not state.
    if (status.lockedUntil().isPresent() && !status.lockedUntil().get().isAfter(clock.instant())) {
      return new AccountStatus(
          status.factors(),
          status.preferredFactorId(),
          status.failedAttempts(),
          java.util.Optional.empty(),
          status.mustEnroll());
    }
    return status;
  }

  public AccountStatus setPreferred(String userId, UUID factorId) {
    if (!store.setPreferred(userId, factorId)) {
      throw new NotFoundException("factor_id", "factor of this user");
    }
    return status(userId);
  }

  public AccountStatus rename(String userId, UUID factorId, String label) {
    if (!store.rename(userId, factorId, label)) {
      throw new NotFoundException("factor_id", "factor of this user");
    }
    return status(userId);
  }

  public AccountStatus remove(String userId, UUID factorId) {
    if (!store.remove(userId, factorId)) {
      throw new NotFoundException("factor_id", "factor of this user");
    }
    return status(userId);
  }
}
