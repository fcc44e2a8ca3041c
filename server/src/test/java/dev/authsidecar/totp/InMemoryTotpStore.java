package dev.authsidecar.totp;

import dev.authsidecar.events.EventDraft;
import dev.authsidecar.lockout.InMemoryLockoutStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link TotpStore} in memory, for unit tests of {@link TotpVerifier}: factors oldest first, and
 * the decision of {@code JooqTotpStore}: with the user's lockout counter locked, a step accepted
 * only while it is newer than the factor's last accepted one (a compare-and-set on {@code
 * lastStep}). Not for concurrency or end-to-end tests: those run on the real stores (H2 and
 * PostgreSQL).
 */
final class InMemoryTotpStore implements TotpStore {
  private final Map<UUID, TotpFactor> factors = new LinkedHashMap<>();
  private final List<EventDraft> events = new ArrayList<>();
  private final InMemoryLockoutStore lockouts;
  private boolean rivalAcceptsFirst;

  /** Decisions lock the user's counter in {@code lockouts}, as JooqTotpStore locks its row. */
  InMemoryTotpStore(InMemoryLockoutStore lockouts) {
    this.lockouts = lockouts;
  }

  synchronized void add(TotpFactor factor) {
    factors.put(factor.id(), factor);
  }

  @Override
  public synchronized List<TotpFactor> factors(String userId) {
    return factors.values().stream().filter(f -> f.userId().equals(userId)).toList();
  }

  @Override
  public <T> Optional<T> decide(String userId, Instant now, Decision<T> decision) {
    synchronized (lockouts) {
      List<TotpFactor> mine = factors(userId);
      // A user with factors, or charged before, has an account row; a made-up id has none.
      if (mine.isEmpty() && !lockouts.hasRow(userId)) {
        return Optional.empty();
      }
      return Optional.of(decision.decide(lockouts.locked(userId), mine, this::acceptStep));
    }
  }

  private synchronized boolean acceptStep(
      UUID factorId, long step, int driftSteps, EventDraft event) {
    TotpFactor factor = factors.get(factorId);
    if (factor != null && rivalAcceptsFirst) {
      // Another request (maybe on another replica) accepts the same step first.
      rivalAcceptsFirst = false;
      factor = withLastStep(factor, step);
      factors.put(factorId, factor);
    }
    if (factor == null || step <= factor.lastStep()) {
      return false;
    }
    factors.put(factorId, withLastStep(factor, step));
    events.add(event);
    return true;
  }

  /** The next acceptance loses to another request that accepted the same step. */
  synchronized void rivalAcceptsFirst() {
    rivalAcceptsFirst = true;
  }

  synchronized long lastStep(UUID factorId) {
    return factors.get(factorId).lastStep();
  }

  /** The events written with acceptances. */
  synchronized List<EventDraft> events() {
    return List.copyOf(events);
  }

  private static TotpFactor withLastStep(TotpFactor f, long step) {
    return new TotpFactor(
        f.id(), f.userId(), f.secret(), f.algorithm(), f.digits(), f.periodSeconds(), step);
  }
}
