package dev.authsidecar.account;

import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.lockout.LockoutPolicy;
import java.time.Clock;
import java.util.UUID;

/** Flow 6 of the design: status, preferred method, rename and remove. */
public final class Accounts {
  private final AccountStore store;
  private final LockoutPolicy lockoutPolicy;
  private final Clock clock;

  public Accounts(AccountStore store, LockoutPolicy lockoutPolicy, Clock clock) {
    this.store = store;
    this.lockoutPolicy = lockoutPolicy;
    this.clock = clock;
  }

  public AccountStatus status(String userId) {
    AccountRecord account = store.account(userId);
    return new AccountStatus(
        account.factors(),
        account.preferredFactorId(),
        account.counter().failures(),
        lockoutPolicy.lockoutOf(account.counter(), clock.instant()),
        account.mustEnroll());
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
