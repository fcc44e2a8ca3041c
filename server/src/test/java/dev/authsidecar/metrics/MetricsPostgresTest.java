package dev.authsidecar.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.config.DatabaseConfig;
import dev.authsidecar.testing.Enrollments;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TcpProxy;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * README, Operations, Metrics: after a scripted set of calls (accepted, replayed, rejected until a
 * lockout, locked out, malformed, and one during a database outage) the real HTTP endpoint reports
 * exactly those counts, in a format Prometheus' own parser reads. PostgreSQL through a {@link
 * TcpProxy}, so that the outage is real and the database itself keeps running.
 */
@PostgresSuite
class MetricsPostgresTest {
  private static final String USER = "metrics-user-5b1e";
  private static final String VERIFY = "authsidecar.v1.TotpService/Verify";

  private final MutableClock clock = MutableClock.atStepStart();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void scrape_countsExactlyTheScriptedOutcomes() throws Exception {
    try (TestDatabase database = TestDatabase.postgres()) {
      DatabaseConfig direct = database.config();
      URI target = URI.create(direct.url().substring("jdbc:".length()));
      try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
          TestSidecar sidecar = TestSidecar.start(viaProxy(direct, target, proxy), clock);
          MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, sidecar.meters())) {
        Enrolled enrolled = Enrollments.enroll(sidecar.totp(), USER, clock);
        clock.advance(Duration.ofSeconds(30));
        String code = enrolled.app().code();

        assertThat(verify(sidecar, code).getResult())
            .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
        assertThat(verify(sidecar, code).getResult())
            .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
        String wrong = wrongCode(code);
        for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
          assertThat(verify(sidecar, wrong).getResult())
              .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
        }
        assertThat(verify(sidecar, wrong).getResult())
            .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
        assertThat(failure(() -> verify(sidecar, "not a code")))
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
        proxy.cut();
        assertThat(failure(() -> verify(sidecar, wrong))).isEqualTo(Status.Code.UNAVAILABLE);

        HttpResponse<String> response = scrape(endpoint);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValue(MetricsEndpoint.CONTENT_TYPE);
        Exposition metrics = Exposition.parse(response.body());

        String calls = "authsidecar_rpc_server_duration_seconds_count";
        assertThat(metrics.get(calls, "method", VERIFY, "code", "OK")).isEqualTo(8);
        assertThat(metrics.get(calls, "method", VERIFY, "code", "INVALID_ARGUMENT")).isEqualTo(1);
        assertThat(metrics.get(calls, "method", VERIFY, "code", "UNAVAILABLE")).isEqualTo(1);
        assertThat(
                metrics.get(
                    "authsidecar_rpc_server_duration_seconds_bucket",
                    "method",
                    VERIFY,
                    "code",
                    "OK",
                    "le",
                    "+Inf"))
            .isEqualTo(8);

        String outcomes = "authsidecar_verifications_total";
        assertThat(metrics.get(outcomes, "factor_type", "totp", "result", "accepted")).isEqualTo(1);
        assertThat(metrics.get(outcomes, "factor_type", "totp", "result", "replayed")).isEqualTo(1);
        assertThat(metrics.get(outcomes, "factor_type", "totp", "result", "rejected")).isEqualTo(5);
        assertThat(metrics.get(outcomes, "factor_type", "totp", "result", "locked_out"))
            .isEqualTo(1);
        assertThat(metrics.get(outcomes, "factor_type", "webauthn", "result", "accepted")).isZero();
        assertThat(metrics.get("authsidecar_lockouts_started_total")).isEqualTo(1);

        String replays = "authsidecar_totp_replays_refused_total";
        assertThat(metrics.get(replays, "detected_by", "memory")).isEqualTo(1);
        assertThat(metrics.get(replays, "detected_by", "stored_step")).isZero();
        assertThat(metrics.get(replays, "detected_by", "conditional_update")).isZero();

        String gets = "authsidecar_cache_gets_total";
        assertThat(metrics.get(gets, "cache", "totp_used_codes", "result", "hit")).isEqualTo(1);
        // Every Verify that got past validation looked there first: 1 + 5 + 1 + the outage one.
        assertThat(metrics.get(gets, "cache", "totp_used_codes", "result", "miss")).isEqualTo(8);
        assertThat(metrics.get("authsidecar_cache_size", "cache", "retry_totp_verify")).isZero();

        assertThat(metrics.get("authsidecar_hikaricp_connections_max", "pool", "authsidecar-db"))
            .isEqualTo(4);
        assertThat(
                metrics.get(
                    "authsidecar_db_statement_duration_seconds_count",
                    "kind",
                    "update",
                    "outcome",
                    "ok"))
            .isPositive();
        assertThat(metrics.get("authsidecar_events_watch_streams")).isZero();
        assertThat(metrics.get("authsidecar_events_watch_lag_events")).isZero();

        // Labels are bounded: no user id, no code, no secret.
        assertThat(response.body()).doesNotContain(USER, code, wrong, enrolled.factorId());
        assertParsesWithPrometheusClient(response.body());
      }
    }
  }

  @Test
  void endpoint_answersOnlyGetAndHeadOnMetrics() throws Exception {
    try (TestDatabase database = TestDatabase.postgres();
        TestSidecar sidecar = TestSidecar.start(database.config(), clock);
        MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, sidecar.meters())) {
      URI base = URI.create("http://127.0.0.1:" + endpoint.port());
      assertThat(send(HttpRequest.newBuilder(base.resolve("/other")).build()).statusCode())
          .isEqualTo(404);
      assertThat(
              send(HttpRequest.newBuilder(base.resolve("/metrics"))
                      .POST(HttpRequest.BodyPublishers.ofString("x"))
                      .build())
                  .statusCode())
          .isEqualTo(405);
    }
  }

  private VerifyResponse verify(TestSidecar sidecar, String code) {
    return sidecar.totp().verify(VerifyRequest.newBuilder().setUserId(USER).setCode(code).build());
  }

  private static Status.Code failure(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus().getCode();
  }

  /** Another 6-digit code: the same digits with the last one changed. */
  private static String wrongCode(String code) {
    char last = code.charAt(code.length() - 1);
    return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 5) % 10);
  }

  private HttpResponse<String> scrape(MetricsEndpoint endpoint) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static DatabaseConfig viaProxy(DatabaseConfig direct, URI target, TcpProxy proxy) {
    String url =
        direct
            .url()
            .replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port());
    return new DatabaseConfig(url, direct.user(), direct.password(), 4, Duration.ofSeconds(1));
  }

  /**
   * Prometheus' Python client parses the exposition (pip install prometheus-client; .ci/run does).
   * Skipped with a message where it is missing, a failure under CI=true.
   */
  private static void assertParsesWithPrometheusClient(String exposition) throws Exception {
    String script =
        """
        import sys
        try:
            from prometheus_client.parser import text_string_to_metric_families
        except ImportError:
            sys.exit(3)
        families = list(text_string_to_metric_families(sys.stdin.read()))
        for family in families:
            for s in family.samples:
                if s.name == "authsidecar_verifications_total" and s.labels == {
                        "factor_type": "totp", "result": "rejected"}:
                    print("rejected", s.value)
        print("families", len(families))
        """;
    Process python;
    try {
      python = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
    } catch (IOException e) {
      missingParser("python3 is not installed");
      return;
    }
    try (var in = python.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (python.exitValue() == 3) {
      missingParser("the Python package prometheus-client is not installed");
      return;
    }
    assertThat(python.exitValue()).as(output).isZero();
    assertThat(output).contains("rejected 5.0");
  }

  private static void missingParser(String why) {
    String message =
        "Prometheus text-format check skipped: "
            + why
            + " (python3 -m pip install prometheus-client; .ci/run does)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true: " + message);
    }
    System.out.println("*** " + message);
    Assumptions.abort(message);
  }
}
