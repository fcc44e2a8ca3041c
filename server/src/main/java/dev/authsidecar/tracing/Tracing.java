package dev.authsidecar.tracing;

import dev.authsidecar.config.ObservabilityConfig;
import io.grpc.ServerInterceptor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.TransactionListener;
import org.jooq.impl.DSL;

/**
 * OpenTelemetry traces, off unless AUTHSIDECAR_OTLP_ENDPOINT is set: a server span per RPC that
 * continues the caller's W3C {@code traceparent}, and a child span per database transaction.
 * Attributes name methods, status codes, the caller and SQL operations, never a request's values.
 */
public final class Tracing implements AutoCloseable {
  static final String INSTRUMENTATION = "dev.authsidecar";

  private final Optional<SdkTracerProvider> provider;
  private final Tracer tracer;

  private Tracing(Optional<SdkTracerProvider> provider) {
    this.provider = provider;
    this.tracer =
        provider
            .map(p -> p.get(INSTRUMENTATION))
            .orElse(TracerProvider.noop().get(INSTRUMENTATION));
  }

  /** Tracing as configured: exporting to the OTLP endpoint, or off. */
  public static Tracing from(ObservabilityConfig config) {
    return config.otlpEndpoint().map(Tracing::exportingTo).orElseGet(Tracing::off);
  }

  public static Tracing off() {
    return new Tracing(Optional.empty());
  }

  /**
   * Spans to an OTLP/HTTP collector, batched in the background (a slow collector costs no call).
   */
  static Tracing exportingTo(URI endpoint) {
    String base = endpoint.toString().replaceAll("/+$", "");
    return with(
        BatchSpanProcessor.builder(
                OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build())
            .build());
  }

  /** Spans to the given processor; tests pass one around an in-memory exporter. */
  public static Tracing with(SpanProcessor processor) {
    return new Tracing(
        Optional.of(
            SdkTracerProvider.builder()
                .setResource(
                    Resource.getDefault()
                        .merge(
                            Resource.create(
                                Attributes.of(
                                    io.opentelemetry.api.common.AttributeKey.stringKey(
                                        "service.name"),
                                    "authsidecar"))))
                .addSpanProcessor(processor)
                .build()));
  }

  public boolean enabled() {
    return provider.isPresent();
  }

  /** The server span of each call; install it outermost, so the span covers every interceptor. */
  public ServerInterceptor interceptor() {
    return new RpcSpans(tracer, enabled());
  }

  /** The same database, with a span per transaction when tracing is on. */
  public DSLContext instrument(DSLContext dsl) {
    if (!enabled()) {
      return dsl;
    }
    DatabaseSpans spans = new DatabaseSpans(tracer);
    return DSL.using(
        dsl.configuration()
            .deriveAppending((ExecuteListener) spans)
            .deriveAppending((TransactionListener) spans));
  }

  /** Sends the spans still buffered, waiting a few seconds at most. */
  @Override
  public void close() {
    provider.ifPresent(p -> p.shutdown().join(5, TimeUnit.SECONDS));
  }
}
