package dev.authsidecar.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** AUTHSIDECAR_LOG_FORMAT=json: one parseable object per line, without empty fields. */
class JsonLineLayoutTest {
  private final LoggerContext context = new LoggerContext();
  private final JsonLineLayout layout = new JsonLineLayout();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void plainLine_hasOnlyFieldsThatCarrySomething() {
    String line = layout.doLayout(event("started on \"port\" 1\n", null));

    assertThat(line).endsWith("\n").doesNotContain("mdc", "throwable", "null");
    JsonNode node = json.readTree(line);
    assertThat(node.get("message").asString()).isEqualTo("started on \"port\" 1\n");
    assertThat(node.get("level").asString()).isEqualTo("INFO");
    assertThat(node.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(node.propertyNames())
        .containsExactly("time", "level", "logger", "thread", "message");
  }

  @Test
  void accessLine_carriesItsKeyValuesAsFields() {
    LoggingEvent event = event("call", null);
    event.addKeyValuePair(new KeyValuePair("status", "OK"));
    event.addKeyValuePair(new KeyValuePair("duration_ms", 3L));

    JsonNode node = json.readTree(layout.doLayout(event));

    assertThat(node.get("status").asString()).isEqualTo("OK");
    assertThat(node.get("duration_ms").asString()).isEqualTo("3");
  }

  @Test
  void failure_carriesTheStackTraceAsText() {
    JsonNode node = json.readTree(layout.doLayout(event("failed", new IllegalStateException("x"))));

    assertThat(node.get("throwable").asString())
        .contains("java.lang.IllegalStateException: x")
        .contains("JsonLineLayoutTest");
  }

  @Test
  void logFormat_otherThanTextOrJson_isAStartupErrorNamingTheVariable() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_LOG_FORMAT", "xml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AUTHSIDECAR_LOG_FORMAT");
    assertThat(
            ConfigLoader.fromEnvironment(Map.of("AUTHSIDECAR_LOG_FORMAT", "JSON"))
                .observability()
                .logFormat())
        .isEqualTo(LogFormat.JSON);
  }

  private LoggingEvent event(String message, Throwable failure) {
    return new LoggingEvent(
        "test", context.getLogger("dev.authsidecar.Test"), Level.INFO, message, failure, null);
  }
}
