package dev.authsidecar.account;

import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import dev.authsidecar.lockout.LockoutPolicy;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** README, Flows, 6 (manage factors): status, preferred method, rename and remove. */
public final class FactorManagement {
  private final AccountStore store;
  private final LockoutPolicy lockoutPolicy;
  private final Clock clock;

  public FactorManagement(AccountStore store, LockoutPolicy lockoutPolicy, Clock clock) {
    this.store = store;
    this.lockoutPolicy = lockoutPolicy;
    this.clock = clock;
  }

  public TwoFactorStatus status(String userId) {
    AccountRecord account = store.account(userId);
    return new TwoFactorStatus(
        account.factors(),
        account.preferredFactorId(),
        account.counter().failures(),
        lockoutPolicy.lockoutOf(account.counter(), clock.instant()),
        account.mustEnroll(),
        account.recoveryCodesRemaining());
  }

  public TwoFactorStatus setPreferred(String userId, UUID factorId) {
    if (!store.setPreferred(
        userId,
        factorId,
        EventDraft.of(
            userId, EventType.PREFERRED_FACTOR_CHANGED, Map.of("factor_id", factorId.toString())),
        clock.instant())) {
      throw new NotFoundException("factor_id", "factor of this user");
    }
    return status(userId);
  }

  public TwoFactorStatus rename(String userId, UUID factorId, String label) {
    if (!store.rename(
        userId,
        factorId,
        label,
        EventDraft.of(userId, EventType.FACTOR_RENAMED, Map.of("factor_id", factorId.toString())),
        clock.instant())) {
      throw new NotFoundException("factor_id", "factor of this user");
    }
    return status(userId);
  }

  public TwoFactorStatus remove(String userId, UUID factorId) {
    if (!store.remove(
        userId,
        factorId,
        EventDraft.of(userId, EventType.FACTOR_REMOVED, Map.of("factor_id", factorId.toString())),
        clock.instant())) {
      throw new NotFoundException("factor_id", "factor of this user");
    }
    return status(userId);
  }
}
