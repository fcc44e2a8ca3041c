package dev.authsidecar.testing;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.caller.Permission;
import dev.authsidecar.grpc.MethodPermissions;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Calls with raw request bytes under a real method name, the way a broken or hostile client sends
 * them, as the caller that method admits: the bytes, not the caller, are what a test varies.
 */
public final class RawBytesCalls {
  /**
   * A stream that accepted its request stays open: it is cancelled after its first message or this
   * long.
   */
  private static final long STREAM_WAIT_MILLIS = 100;

  /**
   * Every method of the API and of health checking, sorted by name so that an index into it (a fuzz
   * corpus entry) keeps meaning the same method while the services do not change.
   */
  public static final List<MethodDescriptor<?, ?>> EVERY_METHOD =
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

  private RawBytesCalls() {}

  /** Sends {@code request} as the only message of a call to {@code method}; returns its status. */
  public static Status call(TestSidecar sidecar, MethodDescriptor<?, ?> method, byte[] request)
      throws Exception {
    return call(
        sidecar,
        method.getFullMethodName(),
        method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING,
        request);
  }

  /**
   * The same by name; {@code streaming} says whether an accepted request would open a stream (which
   * is then cancelled after its first message).
   */
  public static Status call(
      TestSidecar sidecar, String fullMethodName, boolean streaming, byte[] request)
      throws Exception {
    MethodDescriptor<byte[], byte[]> raw =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            // Server streaming covers both shapes: a unary answer is one message, then the status.
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName(fullMethodName)
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    String caller =
        MethodPermissions.admitting(fullMethodName).contains(Permission.LOGIN)
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
              call.cancel("the stream answered; that is all a raw call needs", null);
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
