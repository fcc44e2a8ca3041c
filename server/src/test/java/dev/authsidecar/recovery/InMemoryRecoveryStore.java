package dev.authsidecar.recovery;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.lockout.InMemoryLockoutStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RecoveryStore} in memory, for unit tests of {@link RecoveryCodes}: keyed hashes only, each
 * code used at most once (only one consume moves its {@code usedAt} from empty), decided with the
 * user's lockout counter locked, and a replay reported at most once per quiet period, as the
 * conditional updates of {@code JooqRecoveryStore} decide. Not for concurrency or end-to-end tests:
 * those run on the real stores (H2 and PostgreSQL).
 */
final class InMemoryRecoveryStore implements RecoveryStore {
  private final InMemoryLockoutStore lockouts;
  private final Map<String, List<Code>> codes = new HashMap<>();
  private final List<EventDraft> events = new ArrayList<>();
  private boolean rivalConsumesFirst;

  /** Decisions lock the user's counter in {@code lockouts}, as JooqRecoveryStore locks its row. */
  InMemoryRecoveryStore(InMemoryLockoutStore lockouts) {
    this.lockouts = lockouts;
  }

  private static final class Code {
    final KeyedHash hash;
    Instant usedAt;
    Instant replayedAt;

    Code(KeyedHash hash) {
      this.hash = hash;
    }

    boolean matches(List<KeyedHash> candidates) {
      return candidates.stream()
          .anyMatch(c -> c.keyId().equals(hash.keyId()) && Arrays.equals(c.hash(), hash.hash()));
    }
  }

  @Override
  public synchronized void replace(
      String userId, List<KeyedHash> hashes, Instant now, EventDraft event) {
    codes.put(userId, new ArrayList<>(hashes.stream().map(Code::new).toList()));
    events.add(event);
  }

  /** Unused codes of the user; empty when the user never had any. */
  synchronized Optional<Integer> remaining(String userId) {
    List<Code> all = codes.getOrDefault(userId, List.of());
    return all.isEmpty() ? Optional.empty() : Optional.of(unused(userId));
  }

  @Override
  public <T> Optional<T> decide(String userId, Instant now, Decision<T> decision) {
    synchronized (lockouts) {
      synchronized (this) {
        // A user with codes, or charged before, has an account row; a made-up id has none.
        if (!codes.containsKey(userId) && !lockouts.hasRow(userId)) {
          return Optional.empty();
        }
      }
      return Optional.of(decision.decide(lockouts.locked(userId), new UserCodes(userId, now)));
    }
  }

  /** The user's codes as {@code JooqRecoveryStore} shows them in a transaction. */
  private final class UserCodes implements Codes {
    private final String userId;
    private final Instant now;

    UserCodes(String userId, Instant now) {
      this.userId = userId;
      this.now = now;
    }

    @Override
    public boolean consume(List<KeyedHash> candidates) {
      synchronized (InMemoryRecoveryStore.this) {
        if (rivalConsumesFirst) {
          // Another request spent the same code first.
          rivalConsumesFirst = false;
          consumeOne(userId, candidates, now);
        }
        return consumeOne(userId, candidates, now);
      }
    }

    @Override
    public Optional<Integer> remaining() {
      return InMemoryRecoveryStore.this.remaining(userId);
    }

    @Override
    public Replay replay(List<KeyedHash> candidates, Duration quiet) {
      synchronized (InMemoryRecoveryStore.this) {
        List<Code> used =
            codes.getOrDefault(userId, List.of()).stream()
                .filter(c -> c.usedAt != null && c.matches(candidates))
                .toList();
        List<Code> reported =
            used.stream()
                .filter(c -> c.replayedAt == null || !c.replayedAt.isAfter(now.minus(quiet)))
                .toList();
        reported.forEach(c -> c.replayedAt = now);
        if (!reported.isEmpty()) {
          return Replay.REPORT;
        }
        return used.isEmpty() ? Replay.NONE : Replay.QUIET;
      }
    }

    @Override
    public void write(List<EventDraft> written) {
      synchronized (InMemoryRecoveryStore.this) {
        events.addAll(written);
      }
    }
  }

  /** The next consume loses to another request that spends the same code first. */
  synchronized void rivalConsumesFirst() {
    rivalConsumesFirst = true;
  }

  /** Every stored hash of the user, used or not. */
  synchronized List<KeyedHash> hashes(String userId) {
    return codes.getOrDefault(userId, List.of()).stream().map(c -> c.hash).toList();
  }

  /**
   * The events written in the store's transactions (generation, acceptance, codes low, replays).
   */
  synchronized List<EventDraft> events() {
    return List.copyOf(events);
  }

  private boolean consumeOne(String userId, List<KeyedHash> candidates, Instant now) {
    for (Code code : codes.getOrDefault(userId, List.of())) {
      if (code.usedAt == null && code.matches(candidates)) {
        code.usedAt = now;
        return true;
      }
    }
    return false;
  }

  private int unused(String userId) {
    return (int) codes.get(userId).stream().filter(c -> c.usedAt == null).count();
  }
}
