package dev.authsidecar.reseal;

import dev.authsidecar.config.Config;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.config.ConfigLoader;
import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.LocalKeyFile;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.store.Database;
import dev.authsidecar.store.JooqSealedSecrets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code java -jar authsidecar.jar reseal}: re-seals every stored TOTP secret under the primary
 * (first) key of AUTHSIDECAR_SECRET_KEYS, with the same settings as the sidecar, while replicas
 * keep serving. Exit status 0 when every sealed secret is under the primary key, 1 when some are
 * not (or the database fails), 2 on a configuration error.
 */
public final class ResealCommand {
  /** Progress lines at most this often, so a large table does not flood the terminal. */
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  private ResealCommand() {}

  public static int run(Map<String, String> env, PrintStream out, PrintStream err) {
    Config config;
    KeyRing keys;
    try {
      config = ConfigLoader.fromEnvironment(env);
      keys = KeyRing.parse(config.secretKeys().orElseGet(() -> localKeys(config)));
    } catch (ConfigException e) {
      err.println("authsidecar: configuration error: " + e.getMessage());
      return 2;
    }
    try (Database database = Database.open(config.database(), new SimpleMeterRegistry())) {
      Clock clock = Clock.systemUTC();
      Resealer resealer =
          new Resealer(
              new JooqSealedSecrets(database.dsl()),
              new SecretSealer(keys),
              keys.activeKeyId(),
              Resealer.DEFAULT_BATCH_SIZE,
              clock);
      out.printf(
          "reseal: sealing every TOTP secret under primary key '%s' (configured: %s)%n",
          keys.activeKeyId(), keys.ids());
      ResealSummary summary = resealer.run(throttled(out, clock));
      print(summary, out);
      return summary.complete() ? 0 : 1;
    } catch (RuntimeException e) {
      err.println("authsidecar: reseal failed: " + rootCause(e));
      err.println("authsidecar: nothing re-sealed so far is lost; run reseal again to continue");
      return 1;
    }
  }

  private static Consumer<ResealProgress> throttled(PrintStream out, Clock clock) {
    Instant[] last = {Instant.MIN};
    return p -> {
      Instant now = clock.instant();
      if (Duration.between(last[0], now).compareTo(PROGRESS_EVERY) >= 0 || p.remaining() == 0) {
        last[0] = now;
        out.printf(
            Locale.ROOT,
            "reseal: %d done, %d remaining, %.0f rows/s%n",
            p.resealed(),
            p.remaining(),
            p.rate());
      }
    };
  }

  private static void print(ResealSummary s, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "reseal: finished: %d secrets re-sealed under '%s' in %.1f s (%.0f rows/s)%n",
        s.resealed(),
        s.primaryKeyId(),
        s.elapsed().toMillis() / 1000.0,
        s.rate());
    s.stillUnderOtherKeys()
        .forEach(
            (place, n) ->
                out.printf("reseal: %s: %d secrets under other keys%n", place.table(), n));
    if (s.unreadable() > 0) {
      out.printf(
          "reseal: %d secrets did not open (unknown key or damaged row; see the log) and were"
              + " left as they are%n",
          s.unreadable());
    }
    s.keyedHashesUnderOtherKeys()
        .forEach(
            (table, counts) ->
                out.printf(
                    "reseal: %s: keyed hashes still needing old keys: %s%n",
                    table, counts.isEmpty() ? "none" : counts));
    if (!s.complete()) {
      out.println("reseal: INCOMPLETE: keep the old keys configured and run reseal again");
    } else if (s.keyedHashesUnderOtherKeys().values().stream().allMatch(Map::isEmpty)) {
      out.println("reseal: complete: nothing needs the old keys any more; they can be removed");
    } else {
      out.println(
          "reseal: complete for sealed secrets; keyed hashes above cannot be re-hashed and need"
              + " their keys until they are used up, expire or are regenerated (README, Key"
              + " rotation)");
    }
  }

  private static String localKeys(Config config) {
    try {
      return LocalKeyFile.loadOrCreate(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the local key file", e);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
