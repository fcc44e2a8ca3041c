package dev.authsidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the gRPC status a call fails with. */
public final class GrpcAssertions {
  private GrpcAssertions() {}

  /** The call fails with INVALID_ARGUMENT whose description starts with "field:". */
  public static void assertInvalid(ThrowingCallable call, String field) {
    assertStatus(call, Status.Code.INVALID_ARGUMENT, field);
  }

  /** The call fails with {@code code} whose description starts with "field:". */
  public static void assertStatus(ThrowingCallable call, Status.Code code, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).startsWith(field + ":");
            });
  }

  /** The call fails with {@code code} whose description says {@code reason} somewhere. */
  public static void assertRefused(ThrowingCallable call, Status.Code code, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(reason);
            });
  }

  /** The call fails with {@code code}, whatever the description. */
  public static void assertStatus(ThrowingCallable call, Status.Code code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
  }
}
