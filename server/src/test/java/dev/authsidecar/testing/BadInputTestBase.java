package dev.authsidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;

/**
 * Malformed requests get INVALID_ARGUMENT (or NOT_FOUND) whose message starts with the field,
 * callers without the permission get PERMISSION_DENIED; never INTERNAL or UNKNOWN, nothing changes,
 * and the server keeps serving, which every test checks after it ran.
 */
public abstract class BadInputTestBase extends FlowTestBase {
  protected static final String USER = "user-bad-lifecycle";

  @AfterEach
  void serverStillServes() {
    assertThat(status(USER)).isNotNull();
    assertThat(
            sidecar
                .health()
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("authsidecar.v1.AccountService")
                        .build())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }
}
