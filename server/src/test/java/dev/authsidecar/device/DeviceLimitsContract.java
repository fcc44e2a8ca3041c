package dev.authsidecar.device;

import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.ListDevicesRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 (devices): a user's remembered devices are capped, and the cap is decided under the
 * user's row lock, so two replicas racing cannot exceed it.
 */
public abstract class DeviceLimitsContract extends TwoReplicasTestBase {
  private static final String USER = "edsger";

  @Test
  void rememberDevice_pastTheCap_isResourceExhausted_untilOneIsForgottenOrExpires() {
    List<RememberDeviceResponse> devices = new ArrayList<>();
    for (int i = 0; i < Devices.MAX_DEVICES_PER_USER; i++) {
      devices.add(remember(i % 2 == 0 ? sidecar : replicaB));
    }

    assertStatus(() -> remember(sidecar), Status.Code.RESOURCE_EXHAUSTED, "user_id");
    assertThat(listDevices()).isEqualTo(Devices.MAX_DEVICES_PER_USER);

    replicaB
        .devices()
        .forgetDevice(
            ForgetDeviceRequest.newBuilder()
                .setUserId(USER)
                .setDeviceId(devices.getFirst().getDeviceId())
                .build());
    remember(sidecar);
    assertStatus(() -> remember(replicaB), Status.Code.RESOURCE_EXHAUSTED, "user_id");

    // Expired devices do not count.
    clock.advance(Duration.ofDays(31));
    remember(sidecar);
    assertThat(listDevices()).isEqualTo(1);
  }

  @Test
  void rememberDevice_racingReplicas_neverExceedTheCap() throws Exception {
    for (int i = 0; i < Devices.MAX_DEVICES_PER_USER - 2; i++) {
      remember(sidecar);
    }
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      calls.add(() -> succeeds(() -> remember(on)));
    }

    List<Boolean> results = raceAll(calls);

    assertThat(results.stream().filter(ok -> ok)).hasSize(2);
    assertThat(listDevices()).isEqualTo(Devices.MAX_DEVICES_PER_USER);
  }

  private RememberDeviceResponse remember(TestSidecar on) {
    return on.devices()
        .rememberDevice(
            RememberDeviceRequest.newBuilder().setUserId(USER).setLabel("Browser").build());
  }

  private int listDevices() {
    return sidecar
        .devices()
        .listDevices(ListDevicesRequest.newBuilder().setUserId(USER).build())
        .getDevicesCount();
  }

  private static boolean succeeds(Runnable call) {
    try {
      call.run();
      return true;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      return false;
    }
  }
}
