package dev.authsidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.account.DisableProofKind;
import dev.authsidecar.factor.TotpAlgorithm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @Test
  void defaults_listenOnLoopbackWithEmbeddedH2() {
    Config config = ConfigLoader.fromEnvironment(Map.of());

    assertThat(config.listenHost()).isEqualTo("127.0.0.1");
    assertThat(config.listenPort()).isEqualTo(50051);
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.database().url()).startsWith("jdbc:h2:file:").contains("MODE=PostgreSQL");
    assertThat(config.totp().digits()).isEqualTo(6);
    assertThat(config.totp().backwardSteps()).isEqualTo(1);
    assertThat(config.lockout().threshold()).isEqualTo(5);
    assertThat(config.lockout().maxFailures()).isEqualTo(100);
  }

  @Test
  void defaults_areThoseOfTheBuilder() {
    Config loaded = ConfigLoader.fromEnvironment(Map.of());

    // Each default is written once; an unset environment must yield exactly those values.
    assertThat(loaded).isEqualTo(Config.builder(loaded.database()).build());
  }

  @Test
  void readsEverySetting() {
    Config config =
        ConfigLoader.fromEnvironment(
            Map.ofEntries(
                Map.entry("AUTHSIDECAR_LISTEN", "127.0.0.1:6000"),
                Map.entry("AUTHSIDECAR_INSECURE_NO_CALLERS", "true"),
                Map.entry("AUTHSIDECAR_DB_URL", "jdbc:postgresql://db:5432/auth"),
                Map.entry("AUTHSIDECAR_DB_USER", "auth"),
                Map.entry("AUTHSIDECAR_DB_PASSWORD", "pw"),
                Map.entry(
                    "AUTHSIDECAR_SECRET_KEYS", "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
                Map.entry("AUTHSIDECAR_TOTP_ALGORITHM", "sha256"),
                Map.entry("AUTHSIDECAR_TOTP_DIGITS", "8"),
                Map.entry("AUTHSIDECAR_TOTP_WINDOW_BACKWARD", "0"),
                Map.entry("AUTHSIDECAR_LOCKOUT_BASE_DELAY", "1m"),
                Map.entry("AUTHSIDECAR_LOCKOUT_MAX_DELAY", "PT2H")));

    assertThat(config.listenPort()).isEqualTo(6000);
    assertThat(config.database().embedded()).isFalse();
    assertThat(config.database().toString()).doesNotContain("pw");
    assertThat(config.totp().algorithm()).isEqualTo(TotpAlgorithm.SHA256);
    assertThat(config.totp().digits()).isEqualTo(8);
    assertThat(config.totp().backwardSteps()).isZero();
    assertThat(config.lockout().baseDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.lockout().maxDelay()).isEqualTo(Duration.ofHours(2));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "AUTHSIDECAR_LISTEN, nonsense",
    "AUTHSIDECAR_LISTEN, 127.0.0.1:99999",
    "AUTHSIDECAR_DB_URL, jdbc:mysql://x/y",
    "AUTHSIDECAR_TOTP_DIGITS, 7",
    "AUTHSIDECAR_TOTP_DIGITS, six",
    "AUTHSIDECAR_TOTP_ALGORITHM, MD5",
    "AUTHSIDECAR_TOTP_WINDOW_FORWARD, 11",
    "AUTHSIDECAR_LOCKOUT_BASE_DELAY, soon",
    "AUTHSIDECAR_LOCKOUT_MAX_FAILURES, 1000",
    "AUTHSIDECAR_WEBAUTHN_REFUSE_BACKUP_ELIGIBLE, ture",
    "AUTHSIDECAR_INSECURE_NO_CALLERS, yes",
  })
  void badSetting_failsNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> ConfigLoader.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + ": ");
  }

  @Test
  void postgresWithoutSecretKeys_isAStartupError() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    Map.of("AUTHSIDECAR_DB_URL", "jdbc:postgresql://db:5432/auth")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_SECRET_KEYS: required with PostgreSQL");
  }

  @Test
  void disableProof_defaultsToEverySecondFactorAndAdmin_neverReauthentication() {
    Config config = ConfigLoader.fromEnvironment(Map.of());

    assertThat(config.account().disableProofs())
        .containsExactlyInAnyOrder(
            DisableProofKind.TOTP,
            DisableProofKind.RECOVERY_CODES,
            DisableProofKind.ADMIN,
            DisableProofKind.WEBAUTHN);
  }

  @Test
  void disableProof_readsWebAuthnAndReauthentication() {
    Config config =
        ConfigLoader.fromEnvironment(
            Map.of("AUTHSIDECAR_DISABLE_PROOF", "webauthn, reauthentication"));

    assertThat(config.account().disableProofs())
        .containsExactlyInAnyOrder(DisableProofKind.WEBAUTHN, DisableProofKind.REAUTHENTICATION);
  }

  @Test
  void disableProof_unknownEntry_failsListingTheKnownOnes() {
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_DISABLE_PROOF", "password")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_DISABLE_PROOF: ")
        .hasMessageContaining("webauthn")
        .hasMessageContaining("reauthentication");
  }
}
