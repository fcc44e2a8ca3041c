package dev.authsidecar.limits;

import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;

/**
 * Refuses a call with RESOURCE_EXHAUSTED and says when to try again, in the two forms clients read:
 * the {@code grpc-retry-pushback-ms} trailer (grpc retry policies honour it, gRFC A6) and a {@code
 * google.rpc.RetryInfo} in the status details (AIP-194).
 */
final class RetryHints {
  static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  private RetryHints() {}

  static void refuse(ServerCall<?, ?> call, String description, Duration retryAfter) {
    long millis = Math.max(1, retryAfter.toMillis());
    Metadata trailers = new Metadata();
    trailers.put(PUSHBACK, Long.toString(millis));
    com.google.rpc.Status details =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
            .setMessage(description)
            .addDetails(
                Any.pack(
                    RetryInfo.newBuilder().setRetryDelay(Durations.fromMillis(millis)).build()))
            .build();
    StatusRuntimeException refusal = StatusProto.toStatusRuntimeException(details, trailers);
    call.close(refusal.getStatus(), refusal.getTrailers());
  }
}
