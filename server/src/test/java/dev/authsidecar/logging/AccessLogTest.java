package dev.authsidecar.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.config.Config;
import dev.authsidecar.config.ObservabilityConfig;
import dev.authsidecar.testing.Enrollments;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The access log as an operator reads it: one line per call, on its own logger. */
class AccessLogTest {
  private final MutableClock clock = MutableClock.atStepStart();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger access = (Logger) LoggerFactory.getLogger(AccessLogInterceptor.LOGGER);
  private TestDatabase database;

  @BeforeEach
  void listen() {
    database = TestDatabase.h2();
    lines.start();
    access.addAppender(lines);
  }

  @AfterEach
  void stop() {
    access.detachAppender(lines);
    database.close();
  }

  @Test
  void everyCall_logsMethodStatusResultCallerAndDuration() throws Exception {
    try (TestSidecar sidecar = TestSidecar.start(database.config(), clock)) {
      Enrolled enrolled = Enrollments.enroll(sidecar.totp(), "alice", clock);
      lines.list.clear();

      sidecar.totp().verify(verify("alice", "000000"));

      Map<String, String> line = only(lines.list, "authsidecar.v1.TotpService/Verify");
      assertThat(line)
          .containsEntry("status", "OK")
          .containsEntry("result", "REJECTED")
          .containsEntry("caller", "login-server")
          .containsKey("duration_ms");
      assertThat(line.values()).doesNotContain("000000", enrolled.confirmationCode());
    }
  }

  @Test
  void refusedCall_isLoggedWithItsStatusAndNoCaller() throws Exception {
    try (TestSidecar sidecar = TestSidecar.start(database.config(), clock)) {
      var anonymous = TotpServiceGrpc.newBlockingStub(sidecar.channel());
      assertThatThrownBy(() -> anonymous.verify(verify("alice", "123456")))
          .isInstanceOf(StatusRuntimeException.class);

      Map<String, String> line = only(lines.list, "authsidecar.v1.TotpService/Verify");
      assertThat(line).containsEntry("status", "UNAUTHENTICATED").containsEntry("caller", "-");
      assertThat(line).doesNotContainKey("result");
    }
  }

  @Test
  void accessLogFalse_writesNoLine() throws Exception {
    Config config =
        Config.builder(database.config())
            .secretKeys(Optional.of(TestSidecar.TEST_KEYS))
            .access(TestCallers.ACCESS)
            .observability(new ObservabilityConfig(LogFormat.TEXT, false, Optional.empty()))
            .build();
    try (TestSidecar sidecar = TestSidecar.start(config, clock)) {
      sidecar.totp().verify(verify("alice", "000000"));
    }
    assertThat(lines.list).isEmpty();
  }

  private static VerifyRequest verify(String user, String code) {
    return VerifyRequest.newBuilder().setUserId(user).setCode(code).build();
  }

  private static Map<String, String> only(List<ILoggingEvent> events, String method) {
    List<Map<String, String>> matching =
        events.stream()
            .map(AccessLogTest::fields)
            .filter(f -> method.equals(f.get("method")))
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static Map<String, String> fields(ILoggingEvent event) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (KeyValuePair pair : Optional.ofNullable(event.getKeyValuePairs()).orElse(List.of())) {
      fields.put(pair.key, String.valueOf(pair.value));
    }
    return fields;
  }
}
