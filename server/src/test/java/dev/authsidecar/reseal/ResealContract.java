package dev.authsidecar.reseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.config.Config;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.reseal.SealedSecretStore.Place;
import dev.authsidecar.reseal.SealedSecretStore.Resealed;
import dev.authsidecar.store.Database;
import dev.authsidecar.store.JooqSealedSecrets;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.totp.TotpFactor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation as an operator runs it (README, Operations, Key rotation): prepend a new key,
 * re-seal, drop the old key. On the database the subclass picks.
 */
public abstract class ResealContract extends SidecarTestBase {
  static final String OLD_KEYS = TestSidecar.TEST_KEYS; // key id test-1
  static final String NEW_KEY = "k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
  static final String ROTATING = NEW_KEY + "," + OLD_KEYS;

  private Database db;

  @BeforeEach
  void openDatabase() {
    db = Database.open(database.config(), new SimpleMeterRegistry());
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private Resealer resealer(String keys, int batchSize) {
    KeyRing ring = KeyRing.parse(keys);
    return new Resealer(
        new JooqSealedSecrets(db.dsl()),
        new SecretSealer(ring),
        ring.activeKeyId(),
        batchSize,
        clock);
  }

  /** Replaces the test's sidecar by one with other keys, as a rolling restart would. */
  private void restartWith(String keys) throws InterruptedException {
    sidecar.close();
    sidecar = null;
    sidecar = TestSidecar.start(configWith(keys), clock);
  }

  private Config configWith(String keys) {
    return TestSidecar.config(database.config()).withSecretKeys(Optional.of(keys));
  }

  @Test
  void reseal_movesFactorsAndPendingEnrollmentsToNewKey_thenSidecarRunsWithoutOldKey()
      throws Exception {
    Enrolled ada = enroll("ada");
    BeginEnrollmentResponse pending =
        sidecar
            .totp()
            .beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId("bob").build());
    restartWith(ROTATING);

    ResealSummary summary = resealer(ROTATING, Resealer.DEFAULT_BATCH_SIZE).run(p -> {});

    assertThat(summary.resealed()).isEqualTo(2);
    assertThat(summary.complete()).isTrue();
    assertThat(SeededFactors.keyIds(database, "totp_factors")).isEqualTo(Map.of("k2", 1));
    // Pending only: a confirmed enrollment's secret moved to its factor row and was wiped.
    assertThat(SeededFactors.keyIds(database, "totp_enrollments WHERE confirmed_at IS NULL"))
        .isEqualTo(Map.of("k2", 1));

    restartWith(NEW_KEY);
    clock.advance(Duration.ofSeconds(30));
    assertThat(verify("ada", ada.app().code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    var confirmed =
        sidecar
            .totp()
            .confirmEnrollment(
                ConfirmEnrollmentRequest.newBuilder()
                    .setEnrollmentId(pending.getEnrollmentId())
                    .setCode(Authenticator.scanning(pending, clock).code())
                    .build());
    assertThat(confirmed.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void reseal_reportsKeyedHashesUnderOldKey_untilRegeneratedOrExpired() throws Exception {
    enroll("ada");
    sidecar.recovery().generateCodes(GenerateCodesRequest.newBuilder().setUserId("ada").build());
    sidecar.devices().rememberDevice(RememberDeviceRequest.newBuilder().setUserId("ada").build());
    restartWith(ROTATING);

    ResealSummary summary = resealer(ROTATING, Resealer.DEFAULT_BATCH_SIZE).run(p -> {});

    assertThat(summary.complete()).isTrue();
    assertThat(summary.keyedHashesUnderOtherKeys())
        .containsEntry("recovery_codes", Map.of("test-1", 10))
        .containsEntry("devices", Map.of("test-1", 1))
        .containsEntry("temporary_codes", Map.of());
    // The sidecar refuses to run without a key that live hashes still need.
    assertThatThrownBy(() -> TestSidecar.start(configWith(NEW_KEY), clock))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("test-1");

    // New hashes are made under the new key; the device token expires by its TTL (30 days).
    sidecar.recovery().generateCodes(GenerateCodesRequest.newBuilder().setUserId("ada").build());
    clock.advance(Duration.ofDays(31));
    assertThat(SeededFactors.keyIds(database, "recovery_codes")).isEqualTo(Map.of("k2", 10));
    assertThat(resealer(ROTATING, 200).run(p -> {}).keyedHashesUnderOtherKeys().values())
        .allMatch(Map::isEmpty);
    restartWith(NEW_KEY);
  }

  @Test
  void reseal_resumesAfterInterruption() throws Exception {
    SeededFactors.seed(database, OLD_KEYS, "seeded-", 1_000, clock.instant());
    var stopAfterThreeBatches =
        (java.util.function.Consumer<ResealProgress>)
            p -> {
              if (p.batches() == 3) {
                throw new IllegalStateException("killed");
              }
            };

    assertThatThrownBy(() -> resealer(ROTATING, 100).run(stopAfterThreeBatches))
        .hasMessage("killed");
    assertThat(SeededFactors.keyIds(database, "totp_factors"))
        .isEqualTo(Map.of("k2", 300, "test-1", 700));

    ResealSummary resumed = resealer(ROTATING, 100).run(p -> {});
    assertThat(resumed.resealed()).isEqualTo(700);
    assertThat(resumed.complete()).isTrue();
    assertThat(SeededFactors.keyIds(database, "totp_factors")).isEqualTo(Map.of("k2", 1_000));
  }

  @Test
  void replace_leavesRowAloneWhenItChangedSinceRead() throws Exception {
    var seeded = SeededFactors.seed(database, OLD_KEYS, "seeded-", 1, clock.instant()).getFirst();
    var store = new JooqSealedSecrets(db.dsl());
    var read = store.sealedUnderOtherKeys(Place.TOTP_FACTORS, "k2", Optional.empty(), 10);
    // Meanwhile a replica writes another sealing of the row (still under the old key).
    String context = TotpFactor.sealingContext(seeded.factorId(), seeded.userId());
    var rewritten = new SecretSealer(KeyRing.parse(OLD_KEYS)).seal(seeded.secret(), context);
    db.dsl()
        .update(dev.authsidecar.store.jooq.Tables.TOTP_FACTORS)
        .set(dev.authsidecar.store.jooq.Tables.TOTP_FACTORS.SEALED_SECRET, rewritten.sealed())
        .execute();
    var stale = new SecretSealer(KeyRing.parse(ROTATING)).seal(seeded.secret(), context);

    assertThat(store.replace(Place.TOTP_FACTORS, List.of(new Resealed(read.getFirst(), stale))))
        .isZero();
    assertThat(SeededFactors.keyIds(database, "totp_factors")).isEqualTo(Map.of("test-1", 1));
    assertThat(resealer(ROTATING, 200).run(p -> {}).resealed()).isEqualTo(1);
  }

  @Test
  void reseal_leavesSecretsThatDoNotOpen_andSaysIncomplete() throws Exception {
    String lost = "lost:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";
    SeededFactors.seed(database, lost, "lost-", 1, clock.instant());
    SeededFactors.seed(database, OLD_KEYS, "kept-", 2, clock.instant());

    ResealSummary summary = resealer(ROTATING, 200).run(p -> {});

    assertThat(summary.resealed()).isEqualTo(2);
    assertThat(summary.unreadable()).isEqualTo(1);
    assertThat(summary.complete()).isFalse();
    assertThat(summary.stillUnderOtherKeys()).containsEntry(Place.TOTP_FACTORS, 1);
  }

  @Test
  void command_resealsWithSidecarSettings_printsSummaryAndExitsZero() throws Exception {
    enroll("ada");
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();

    int status =
        ResealCommand.run(
            Map.of(
                "AUTHSIDECAR_DB_URL",
                database.config().url(),
                "AUTHSIDECAR_DB_USER",
                database.config().user(),
                "AUTHSIDECAR_DB_PASSWORD",
                database.config().password(),
                "AUTHSIDECAR_SECRET_KEYS",
                ROTATING,
                "AUTHSIDECAR_INSECURE_NO_CALLERS",
                "true",
                "AUTHSIDECAR_DATA_DIR",
                "target/test-data"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(printed + err).isZero();
    assertThat(printed)
        .contains("1 done, 0 remaining")
        .contains("finished: 1 secrets re-sealed under 'k2'")
        .contains("totp_factors: 0 secrets under other keys")
        .contains("they can be removed");
    assertThat(SeededFactors.keyIds(database, "totp_factors")).isEqualTo(Map.of("k2", 1));
  }

  @Test
  void command_refusesBadKeysWithStatusTwo() {
    var err = new ByteArrayOutputStream();
    int status =
        ResealCommand.run(
            Map.of(
                "AUTHSIDECAR_DB_URL",
                database.config().url(),
                "AUTHSIDECAR_INSECURE_NO_CALLERS",
                "true",
                "AUTHSIDECAR_SECRET_KEYS",
                "k2:short"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("AUTHSIDECAR_SECRET_KEYS")
        .doesNotContain("short");
  }
}
