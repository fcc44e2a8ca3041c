package dev.authsidecar.reseal;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.reseal.SealedSecretStore.Place;
import dev.authsidecar.reseal.SealedSecretStore.Resealed;
import dev.authsidecar.reseal.SealedSecretStore.SealedRow;
import dev.authsidecar.totp.TotpFactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every sealed TOTP secret (factors and pending enrollments) to the primary key, a batch per
 * transaction, while replicas keep serving. Safe to stop at any moment and to run again: it only
 * ever looks at the rows still under other keys, and each swap is conditional on the row being
 * unchanged.
 */
public final class Resealer {
  public static final int DEFAULT_BATCH_SIZE = 200;

  /**
   * Rows can be left behind by a pass: swapped under our feet by a replica, or a factor confirmed
   * from an enrollment read before its re-seal. A few more passes pick them up; rows that cannot be
   * opened stop it.
   */
  private static final int MAX_PASSES = 5;

  private static final Logger log = LoggerFactory.getLogger(Resealer.class);

  private final SealedSecretStore store;
  private final SecretSealer sealer;
  private final String primaryKeyId;
  private final int batchSize;
  private final Clock clock;

  public Resealer(
      SealedSecretStore store,
      SecretSealer sealer,
      String primaryKeyId,
      int batchSize,
      Clock clock) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.store = store;
    this.sealer = sealer;
    this.primaryKeyId = primaryKeyId;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Re-seals everything there is, reporting after each batch, and sums up. */
  public ResealSummary run(Consumer<ResealProgress> progress) {
    Instant start = clock.instant();
    int total = 0;
    for (Place place : Place.values()) {
      total += store.countUnderOtherKeys(place, primaryKeyId);
    }
    var run = new Run(start, total, progress);
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      int before = run.resealed;
      for (Place place : Place.values()) {
        resealAll(place, run);
      }
      if (run.resealed == before || remaining().values().stream().allMatch(n -> n == 0)) {
        break;
      }
    }
    return new ResealSummary(
        primaryKeyId,
        run.resealed,
        run.unreadable.size(),
        remaining(),
        keyedHashesUnderOtherKeys(),
        Duration.between(start, clock.instant()));
  }

  private void resealAll(Place place, Run run) {
    Optional<UUID> after = Optional.empty();
    while (true) {
      List<SealedRow> batch = store.sealedUnderOtherKeys(place, primaryKeyId, after, batchSize);
      if (batch.isEmpty()) {
        return;
      }
      List<Resealed> swaps = new ArrayList<>(batch.size());
      for (SealedRow row : batch) {
        if (!run.unreadable.contains(row.id())) {
          resealed(place, row).ifPresentOrElse(swaps::add, () -> run.unreadable.add(row.id()));
        }
      }
      run.resealed += store.replace(place, swaps);
      run.batches++;
      after = Optional.of(batch.getLast().id());
      run.report();
    }
  }

  private Optional<Resealed> resealed(Place place, SealedRow row) {
    // The same associated data as enrollment and verification: the row's id and its user.
    String context = TotpFactor.sealingContext(row.id(), row.userId());
    byte[] secret;
    try {
      secret = sealer.open(row.secret(), context);
    } catch (IllegalStateException e) {
      // Never the secret or the key: which row, under which key id, and that it did not open.
      log.error(
          "reseal: the secret of {} row {} under key '{}' does not open; left as it is",
          place.table(),
          row.id(),
          row.secret().keyId());
      return Optional.empty();
    }
    try {
      SealedSecret sealed = sealer.seal(secret, context);
      return Optional.of(new Resealed(row, sealed));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private Map<Place, Integer> remaining() {
    Map<Place, Integer> remaining = new EnumMap<>(Place.class);
    for (Place place : Place.values()) {
      remaining.put(place, store.countUnderOtherKeys(place, primaryKeyId));
    }
    return remaining;
  }

  private Map<String, Map<String, Integer>> keyedHashesUnderOtherKeys() {
    Map<String, Map<String, Integer>> tables = new LinkedHashMap<>();
    store
        .rowsByKeyId(clock.instant())
        .forEach(
            (table, counts) -> {
              boolean sealedSecrets =
                  Arrays.stream(Place.values()).anyMatch(p -> p.table().equals(table));
              if (!sealedSecrets) {
                Map<String, Integer> old = new LinkedHashMap<>(counts);
                old.remove(primaryKeyId);
                tables.put(table, old);
              }
            });
    return tables;
  }

  /** The counters of one run. */
  private final class Run {
    private final Instant start;
    private final int total;
    private final Consumer<ResealProgress> progress;
    private int batches;
    private int resealed;
    private final Set<UUID> unreadable = new HashSet<>();

    Run(Instant start, int total, Consumer<ResealProgress> progress) {
      this.start = start;
      this.total = total;
      this.progress = progress;
    }

    void report() {
      progress.accept(
          new ResealProgress(
              batches,
              resealed,
              Math.max(0, total - resealed - unreadable.size()),
              Duration.between(start, clock.instant())));
    }
  }
}
