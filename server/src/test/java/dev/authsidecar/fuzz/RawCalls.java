package dev.authsidecar.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.caller.Permission;
import dev.authsidecar.grpc.MethodPermissions;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sends requests as raw bytes under the real method names, the way a broken or hostile client
 * would, and checks what the fuzz targets promise: the answer is never INTERNAL or UNKNOWN (an
 * escaped exception), and the server keeps serving.
 */
final class RawCalls {
  /**
   * Every method of the API and of health checking, sorted by name so that a corpus entry keeps
   * meaning the same method while the services do not change.
   */
  static final List<MethodDescriptor<?, ?>> METHODS =
      Stream.of(
              TotpServiceGrpc.getServiceDescriptor(),
              AccountServiceGrpc.getServiceDescriptor(),
              RecoveryCodeServiceGrpc.getServiceDescriptor(),
              DeviceServiceGrpc.getServiceDescriptor(),
              WebAuthnServiceGrpc.getServiceDescriptor(),
              EventServiceGrpc.getServiceDescriptor(),
              HealthGrpc.getServiceDescriptor())
          .map(ServiceDescriptor::getMethods)
          .<MethodDescriptor<?, ?>>flatMap(methods -> methods.stream())
          .sorted(Comparator.comparing(MethodDescriptor::getFullMethodName))
          .toList();

  /** Escaped exceptions and server bugs; everything else is an answer a caller can act on. */
  private static final Set<Status.Code> NEVER = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN);

  /**
   * A stream that accepted its request stays open: it is cancelled after its first message or this
   * long, so a valid WatchEvents request costs the fuzzer little.
   */
  private static final long STREAM_WAIT_MILLIS = 100;

  private RawCalls() {}

  /** The method numbered {@code selector}, modulo the number of methods. */
  static MethodDescriptor<?, ?> method(int selector) {
    return METHODS.get(Math.floorMod(selector, METHODS.size()));
  }

  /** Sends {@code request} to {@code method} and asserts that the answer is no server error. */
  static Status assertNoServerError(
      TestSidecar sidecar, MethodDescriptor<?, ?> method, byte[] request) throws Exception {
    Status status = call(sidecar, method, request);
    assertThat(status.getCode())
        .as("%s answered %s", method.getFullMethodName(), status)
        .isNotIn(NEVER);
    return status;
  }

  /** The server still answers its health check: no input took it down. */
  static void assertStillServing(TestSidecar sidecar) {
    assertThat(sidecar.health().check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  /** Sends {@code request} as the only message of a call to {@code method}; returns its status. */
  static Status call(TestSidecar sidecar, MethodDescriptor<?, ?> method, byte[] request)
      throws Exception {
    boolean streaming = method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING;
    MethodDescriptor<byte[], byte[]> raw =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            // Server streaming covers both shapes: a unary answer is one message, then the status.
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName(method.getFullMethodName())
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    // As a caller the method admits: the bytes, not the caller, are what is fuzzed here.
    String caller =
        MethodPermissions.admitting(method.getFullMethodName()).contains(Permission.LOGIN)
            ? TestCallers.LOGIN
            : TestCallers.ADMIN;
    CallOptions options =
        CallOptions.DEFAULT
            .withDeadlineAfter(
                streaming ? STREAM_WAIT_MILLIS : TimeUnit.SECONDS.toMillis(30),
                TimeUnit.MILLISECONDS)
            .withCallCredentials(TestCallers.credentials(caller));
    ClientCall<byte[], byte[]> call = sidecar.channel().newCall(raw, options);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(byte[] message) {
            if (streaming) {
              call.cancel("the stream answered; that is all the fuzzer needs", null);
            }
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(Integer.MAX_VALUE);
    call.sendMessage(request);
    call.halfClose();
    return closed.get(60, TimeUnit.SECONDS);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
}
