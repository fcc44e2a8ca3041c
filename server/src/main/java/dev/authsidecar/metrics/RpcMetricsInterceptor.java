package dev.authsidecar.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times every call by method and final status code, and counts the verdicts of verification
 * answers. Install it with {@code ServerBuilder.intercept} so it is the outermost layer: it then
 * also sees calls refused before any service code runs (malformed requests, unknown callers).
 *
 * <p>Both labels are bounded: the method is one of the server's registered methods (an unknown
 * method is answered UNIMPLEMENTED by grpc-java before any interceptor), the code one of the 17
 * gRPC codes. Status descriptions, which could echo request fields, are never used.
 */
public final class RpcMetricsInterceptor implements ServerInterceptor {
  private final MeterRegistry registry;
  private final VerificationMetrics verifications;

  public RpcMetricsInterceptor(MeterRegistry registry, VerificationMetrics verifications) {
    this.registry = registry;
    this.verifications = verifications;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long started = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    AtomicBoolean recorded = new AtomicBoolean();
    Runnable cancelled = () -> finish(method, Status.Code.CANCELLED, started, recorded);
    ServerCall<Q, R> observed =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(R message) {
            VerificationOutcomes.record(message, verifications);
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            finish(method, status.getCode(), started, recorded);
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(observed, headers)) {
      // A client that goes away (deadline, cancelled stream) may leave the call never closed.
      @Override
      public void onCancel() {
        cancelled.run();
        super.onCancel();
      }
    };
  }

  private void finish(String method, Status.Code code, long started, AtomicBoolean recorded) {
    if (!recorded.compareAndSet(false, true)) {
      return;
    }
    Timer.builder("authsidecar.rpc.server.duration")
        .description("gRPC calls handled, by method and final status code, and how long they took")
        .tag("method", method)
        .tag("code", code.name())
        .serviceLevelObjectives(SidecarMeters.LATENCY_BUCKETS)
        .register(registry)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }
}
