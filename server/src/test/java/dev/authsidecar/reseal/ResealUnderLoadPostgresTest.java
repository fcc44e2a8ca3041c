package dev.authsidecar.reseal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.reseal.SeededFactors.Seeded;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole rotation on PostgreSQL at size: 10,000 factors re-sealed by the real command while two
 * replicas keep verifying codes, then the old key dropped. Prints the measured re-seal rate.
 */
@PostgresSuite
class ResealUnderLoadPostgresTest {
  private static final int FACTORS = 10_000;
  private static final int SAMPLE = 200;

  private final MutableClock clock = MutableClock.atStepStart();
  private TestDatabase database;
  private final List<TestSidecar> running = new ArrayList<>();

  @BeforeEach
  void openDatabase() {
    database = TestDatabase.postgres();
  }

  @AfterEach
  void closeEverything() throws InterruptedException {
    for (TestSidecar s : running) {
      s.close();
    }
    database.close();
  }

  private TestSidecar start(String keys) {
    TestSidecar s =
        TestSidecar.start(
            TestSidecar.config(database.config()).withSecretKeys(Optional.of(keys)), clock);
    running.add(s);
    return s;
  }

  @Test
  void reseal_whileTwoReplicasVerify_losesNoVerification_andOldKeyCanBeDropped() throws Exception {
    // Both replicas already run with the new key first (the rollout before the re-seal).
    TestSidecar replicaA = start(ResealContract.ROTATING);
    TestSidecar replicaB = start(ResealContract.ROTATING);
    List<Seeded> users =
        SeededFactors.seed(database, ResealContract.OLD_KEYS, "user-", FACTORS, clock.instant());

    // Each user signs in once (a step is accepted once), alternating replicas, all through the run.
    AtomicBoolean resealing = new AtomicBoolean(true);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger verifiedDuringReseal = new AtomicInteger();
    var failures = new ConcurrentLinkedQueue<String>();
    List<Thread> signIns = new ArrayList<>();
    for (TestSidecar replica : List.of(replicaA, replicaB)) {
      signIns.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (resealing.get()) {
                      int i = next.getAndIncrement();
                      if (i >= users.size()) {
                        return;
                      }
                      Seeded user = users.get(i);
                      try {
                        var result =
                            replica
                                .totp()
                                .verify(
                                    VerifyRequest.newBuilder()
                                        .setUserId(user.userId())
                                        .setCode(user.codeAt(clock.instant()))
                                        .build())
                                .getResult();
                        if (result != VerifyResult.VERIFY_RESULT_ACCEPTED) {
                          failures.add(user.userId() + ": " + result);
                        } else if (resealing.get()) {
                          verifiedDuringReseal.incrementAndGet();
                        }
                      } catch (RuntimeException e) {
                        failures.add(user.userId() + ": " + e);
                      }
                    }
                  }));
    }
    // Let sign-ins get going so the re-seal runs under traffic from its first batch.
    while (next.get() < 20) {
      Thread.sleep(5);
    }

    var out = new ByteArrayOutputStream();
    int status =
        ResealCommand.run(
            Map.of(
                "AUTHSIDECAR_DB_URL", database.config().url(),
                "AUTHSIDECAR_DB_USER", database.config().user(),
                "AUTHSIDECAR_DB_PASSWORD", database.config().password(),
                "AUTHSIDECAR_SECRET_KEYS", ResealContract.ROTATING,
                "AUTHSIDECAR_INSECURE_NO_CALLERS", "true"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    resealing.set(false);
    for (Thread t : signIns) {
      t.join();
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    System.out.println(printed);

    assertThat(status).as(printed).isZero();
    assertThat(failures).isEmpty();
    assertThat(verifiedDuringReseal.get()).as("sign-ins during the re-seal").isPositive();
    Matcher finished =
        Pattern.compile("finished: (\\d+) secrets re-sealed .* \\((\\d+) rows/s\\)")
            .matcher(printed);
    assertThat(finished.find()).as(printed).isTrue();
    assertThat(Integer.parseInt(finished.group(1))).isEqualTo(FACTORS);
    System.out.printf(
        "RESEAL RATE on PostgreSQL: %s rows/s (%d sign-ins served during the re-seal)%n",
        finished.group(2), verifiedDuringReseal.get());
    assertThat(SeededFactors.keyIds(database, "totp_factors")).isEqualTo(Map.of("k2", FACTORS));

    // Roll out without the old key: the sidecar starts and every sampled factor verifies.
    for (TestSidecar s : running) {
      s.close();
    }
    running.clear();
    TestSidecar withoutOldKey = start(ResealContract.NEW_KEY);
    clock.advance(Duration.ofSeconds(30));
    List<Seeded> sample = new ArrayList<>(users);
    Collections.shuffle(sample, new Random(7));
    for (Seeded user : sample.subList(0, SAMPLE)) {
      assertThat(
              withoutOldKey
                  .totp()
                  .verify(
                      VerifyRequest.newBuilder()
                          .setUserId(user.userId())
                          .setCode(user.codeAt(clock.instant()))
                          .build())
                  .getResult())
          .as(user.userId())
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
  }
}
