package dev.authsidecar.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.config.Config;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitSettingsConfigTest {

  @Test
  void defaults_sizeTheCallBoundToThePool_andLeaveTheRateLimitOff() {
    Config config = ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_DB_POOL_SIZE", "7"));

    assertThat(config.limits()).isEqualTo(LimitSettings.DEFAULT);
    assertThat(config.limits().maxMessageBytes()).isEqualTo(256 * 1024);
    assertThat(config.limits().concurrentCalls(config.database().poolSize())).isEqualTo(28);
    assertThat(config.limits().maxWatchStreams()).isEqualTo(16);
    assertThat(config.limits().rateLimited()).isFalse();
  }

  @Test
  void settings_areRead() {
    Config config =
        ConfigLoader.fromEnvironment(
            Map.of(
                "AUTHSIDECAR_MAX_MESSAGE_BYTES", "65536",
                "AUTHSIDECAR_MAX_CONCURRENT_CALLS", "12",
                "AUTHSIDECAR_MAX_WATCH_STREAMS", "3",
                "AUTHSIDECAR_RATE_LIMIT_PER_CALLER", "50"));

    assertThat(config.limits()).isEqualTo(new LimitSettings(65536, 12, 3, 50));
    assertThat(config.limits().concurrentCalls(config.database().poolSize())).isEqualTo(12);
  }

  @Test
  void badValues_stopStartUpNamingTheVariable() {
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_MAX_MESSAGE_BYTES", "10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AUTHSIDECAR_MAX_MESSAGE_BYTES");
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_RATE_LIMIT_PER_CALLER", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AUTHSIDECAR_RATE_LIMIT_PER_CALLER");
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_MAX_WATCH_STREAMS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AUTHSIDECAR_MAX_WATCH_STREAMS");
  }
}
