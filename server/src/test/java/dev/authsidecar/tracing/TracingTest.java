package dev.authsidecar.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.Sidecar;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc.TotpServiceBlockingStub;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call continues the caller's trace, its transactions are child spans, and no span holds a
 * secret.
 */
class TracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  private final MutableClock clock = MutableClock.atStepStart();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private TestDatabase database;
  private Sidecar sidecar;
  private SidecarServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.h2();
    sidecar =
        Sidecar.open(
            TestSidecar.config(database.config()),
            clock,
            Tracing.with(SimpleSpanProcessor.create(spans)));
    String name = InProcessServerBuilder.generateName();
    server = sidecar.server(InProcessServerBuilder.forName(name)).start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.stop();
    sidecar.close();
    database.close();
  }

  @Test
  void verify_isAServerSpanInTheCallersTrace_withDatabaseTransactionsAsChildren() {
    BeginEnrollmentResponse begun =
        totp(null).beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId("alice").build());
    Authenticator app = Authenticator.scanning(begun, clock);
    String confirmation = app.code();
    totp(null)
        .confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(begun.getEnrollmentId())
                .setCode(confirmation)
                .build());
    clock.advance(java.time.Duration.ofSeconds(30));
    String code = app.code();
    spans.reset();

    var answer =
        totp("00-" + TRACE_ID + "-" + PARENT_ID + "-01")
            .verify(VerifyRequest.newBuilder().setUserId("alice").setCode(code).build());

    assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    List<SpanData> finished = spans.getFinishedSpanItems();
    SpanData call =
        finished.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(call.getName()).isEqualTo("authsidecar.v1.TotpService/Verify");
    assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(call.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("Verify");
    assertThat(call.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isZero();
    assertThat(call.getAttributes().get(AttributeKey.stringKey("authsidecar.caller")))
        .isEqualTo(TestCallers.LOGIN);

    List<SpanData> database =
        finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(database).isNotEmpty();
    assertThat(database)
        .allSatisfy(
            s -> {
              assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
              assertThat(s.getAttributes().get(AttributeKey.stringKey("db.operation")))
                  .isNotBlank();
            });
    assertThat(database)
        .anySatisfy(
            s -> {
              assertThat(s.getParentSpanId()).isEqualTo(call.getSpanId());
              assertThat(s.getAttributes().get(AttributeKey.stringKey("db.operation")))
                  .isEqualTo("TRANSACTION");
            });

    for (SpanData span : finished) {
      assertThat(span.getAttributes().asMap().values())
          .extracting(String::valueOf)
          .noneMatch(v -> v.contains(code) || v.contains(confirmation))
          .noneMatch(v -> v.contains(begun.getSecret()) || v.contains("alice"));
      assertThat(span.getName()).doesNotContain(code, begun.getSecret());
    }
  }

  @Test
  void malformedTraceparent_startsANewTrace_andTheCallStillSucceeds() {
    totp("not-a-traceparent")
        .verify(VerifyRequest.newBuilder().setUserId("bob").setCode("123456").build());

    SpanData call =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getKind() == SpanKind.SERVER)
            .findFirst()
            .orElseThrow();
    assertThat(call.getParentSpanContext().isValid()).isFalse();
    assertThat(call.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"))).isZero();
  }

  @Test
  void tracingOff_byDefault() {
    assertThat(Tracing.from(TestSidecar.config(database.config()).observability()).enabled())
        .isFalse();
  }

  private TotpServiceBlockingStub totp(String traceparent) {
    TotpServiceBlockingStub stub =
        TestSidecar.as(TestCallers.LOGIN, TotpServiceGrpc.newBlockingStub(channel))
            .withDeadlineAfter(30, TimeUnit.SECONDS);
    if (traceparent == null) {
      return stub;
    }
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), traceparent);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}
