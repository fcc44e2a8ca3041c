package dev.authsidecar.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.testing.RawBytesCalls;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.util.List;
import java.util.Set;

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
  static final List<MethodDescriptor<?, ?>> METHODS = RawBytesCalls.EVERY_METHOD;

  /** Escaped exceptions and server bugs; everything else is an answer a caller can act on. */
  private static final Set<Status.Code> NEVER = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN);

  private RawCalls() {}

  /** The method numbered {@code selector}, modulo the number of methods. */
  static MethodDescriptor<?, ?> method(int selector) {
    return METHODS.get(Math.floorMod(selector, METHODS.size()));
  }

  /** Sends {@code request} to {@code method} and asserts that the answer is no server error. */
  static Status assertNoServerError(
      TestSidecar sidecar, MethodDescriptor<?, ?> method, byte[] request) throws Exception {
    Status status = RawBytesCalls.call(sidecar, method, request);
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
}
