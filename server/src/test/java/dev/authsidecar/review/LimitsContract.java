package dev.authsidecar.review;

import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.ListDevicesRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.device.Devices;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.totp.TotpEnrollments;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Finding 7: per-user rows are capped, and the cap is decided under the user's row lock, so two
 * replicas racing cannot exceed it.
 */
public abstract class LimitsContract extends ReviewTestBase {
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

  @Test
  void totpFactors_pastTheCap_beginEnrollmentIsResourceExhausted() {
    for (int i = 0; i < TotpEnrollments.MAX_FACTORS_PER_USER; i++) {
      enroll(i % 2 == 0 ? sidecar : replicaB, USER);
    }

    assertStatus(() -> begin(replicaB), Status.Code.RESOURCE_EXHAUSTED, "user_id");
    assertThat(status(USER).getFactorsCount()).isEqualTo(TotpEnrollments.MAX_FACTORS_PER_USER);
  }

  @Test
  void totpFactors_confirmationsRacingOnTwoReplicas_neverExceedTheCap() throws Exception {
    for (int i = 0; i < TotpEnrollments.MAX_FACTORS_PER_USER - 1; i++) {
      enroll(sidecar, USER);
    }
    List<BeginEnrollmentResponse> pending =
        List.of(begin(sidecar), begin(replicaB), begin(sidecar));
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      BeginEnrollmentResponse begun = pending.get(i);
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      String code = Authenticator.scanning(begun, clock).code();
      calls.add(
          () -> {
            try {
              return on.totp()
                  .confirmEnrollment(
                      ConfirmEnrollmentRequest.newBuilder()
                          .setEnrollmentId(begun.getEnrollmentId())
                          .setCode(code)
                          .build())
                  .getResult()
                  .name();
            } catch (StatusRuntimeException e) {
              return e.getStatus().getCode().name();
            }
          });
    }

    List<String> results = raceAll(calls);

    assertThat(results)
        .containsExactlyInAnyOrder(
            VerifyResult.VERIFY_RESULT_ACCEPTED.name(), "RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED");
    assertThat(status(USER).getFactorsCount()).isEqualTo(TotpEnrollments.MAX_FACTORS_PER_USER);
    // A right code refused for the cap is not a failure.
    assertThat(status(USER).getFailedAttempts()).isZero();
  }

  @Test
  void pendingEnrollments_racingReplicas_keepOnlyTheNewestFew() throws Exception {
    List<Callable<BeginEnrollmentResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      TestSidecar on = i % 2 == 0 ? sidecar : replicaB;
      calls.add(() -> begin(on));
    }
    raceAll(calls);

    assertThat(rows("totp_enrollments")).isEqualTo(5);
  }

  private BeginEnrollmentResponse begin(TestSidecar on) {
    return on.totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build());
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
