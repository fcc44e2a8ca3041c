package dev.authsidecar.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.config.ConfigException;
import dev.authsidecar.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AUTHSIDECAR_METRICS_LISTEN as README, Configuration documents it. */
class MetricsSettingsTest {
  @Test
  void unset_servesOnLoopbackPort9464() {
    assertThat(ConfigLoader.fromEnvironment(Map.of()).metrics())
        .isEqualTo(new MetricsSettings(true, "127.0.0.1", 9464));
  }

  @Test
  void off_disablesTheEndpoint() {
    assertThat(metrics("off").enabled()).isFalse();
    assertThat(metrics("OFF").enabled()).isFalse();
  }

  @Test
  void hostAndPort_areRead() {
    assertThat(metrics("0.0.0.0:9100")).isEqualTo(new MetricsSettings(true, "0.0.0.0", 9100));
    assertThat(metrics("[::1]:9464")).isEqualTo(new MetricsSettings(true, "::1", 9464));
  }

  @Test
  void badValues_stopStartUpNamingTheVariable() {
    for (String bad : new String[] {"9464", "localhost:http", "127.0.0.1:0", "127.0.0.1:70000"}) {
      assertThatThrownBy(() -> metrics(bad))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("AUTHSIDECAR_METRICS_LISTEN");
    }
  }

  private static MetricsSettings metrics(String value) {
    return ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_METRICS_LISTEN", value)).metrics();
  }
}
