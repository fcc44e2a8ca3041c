package dev.authsidecar.device;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.authsidecar.api.v1.CheckDeviceRequest;
import dev.authsidecar.api.v1.ForgetAllDevicesRequest;
import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.ListDevicesRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.testing.BadInputTestBase;
import io.grpc.Status;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to DeviceService get INVALID_ARGUMENT (or NOT_FOUND) naming the field and
 * change nothing (see {@link BadInputTestBase}).
 */
public abstract class DeviceBadInputContract extends BadInputTestBase {

  @Test
  void rememberDevice_malformedFieldsAreInvalidArgument() {
    Function<RememberDeviceRequest.Builder, Runnable> call =
        b -> () -> sidecar.devices().rememberDevice(b.build());

    assertInvalid(call.apply(RememberDeviceRequest.newBuilder())::run, "user_id");
    assertInvalid(
        call.apply(RememberDeviceRequest.newBuilder().setUserId(USER).setLabel("l".repeat(65)))
            ::run,
        "label");
    assertInvalid(
        call.apply(RememberDeviceRequest.newBuilder().setUserId(USER).setLabel("Fire\u001bfox"))
            ::run,
        "label");
    for (Duration ttl :
        List.of(
            Duration.getDefaultInstance(),
            Duration.newBuilder().setSeconds(-1).build(),
            Duration.newBuilder().setNanos(-1).build(),
            Duration.newBuilder().setSeconds(90L * 86400).setNanos(1).build(),
            Duration.newBuilder().setSeconds(Long.MAX_VALUE).build(),
            Duration.newBuilder().setSeconds(Long.MIN_VALUE).build())) {
      assertInvalid(
          call.apply(RememberDeviceRequest.newBuilder().setUserId(USER).setTtl(ttl))::run, "ttl");
    }
    assertThat(listDevices(USER)).isEmpty();
  }

  @Test
  void rememberDevice_ttlOutsideTheProtobufDurationRangeIsInvalidArgument() {
    // Not a valid google.protobuf.Duration (nanos must stay within ±999,999,999): the sidecar
    // must refuse it as malformed, not fail while normalising it.
    for (Duration ttl :
        List.of(
            Duration.newBuilder().setSeconds(Long.MAX_VALUE).setNanos(1_000_000_000).build(),
            Duration.newBuilder().setSeconds(Long.MIN_VALUE).setNanos(-1).build())) {
      assertInvalid(
          () ->
              sidecar
                  .devices()
                  .rememberDevice(
                      RememberDeviceRequest.newBuilder().setUserId(USER).setTtl(ttl).build()),
          "ttl");
    }
    assertThat(listDevices(USER)).isEmpty();
  }

  @Test
  void checkDevice_malformedTokenIsInvalidArgument_unknownTokenIsUntrusted() {
    RememberDeviceResponse device = remember(USER, null);
    Function<CheckDeviceRequest.Builder, Runnable> call =
        b -> () -> sidecar.devices().checkDevice(b.build());

    assertInvalid(
        call.apply(CheckDeviceRequest.newBuilder().setDeviceToken(device.getDeviceToken()))::run,
        "user_id");
    for (String token :
        List.of(
            "",
            "short",
            device.getDeviceToken() + "A",
            device.getDeviceToken().substring(1),
            "+".repeat(43),
            device.getDeviceToken().substring(0, 42) + "=",
            "x".repeat(100_000))) {
      assertInvalid(
          call.apply(CheckDeviceRequest.newBuilder().setUserId(USER).setDeviceToken(token))::run,
          "device_token");
    }
    assertThat(checkDevice(USER, "A".repeat(43))).isFalse();
    assertThat(checkDevice(USER, device.getDeviceToken())).isTrue();
  }

  @Test
  void forgetDevice_malformedIdIsInvalidArgument_unknownOrOtherUsersIdIsNotFound() {
    RememberDeviceResponse mine = remember(USER, null);
    RememberDeviceResponse theirs = remember("someone-else", null);
    Function<ForgetDeviceRequest.Builder, Runnable> call =
        b -> () -> sidecar.devices().forgetDevice(b.build());

    assertInvalid(
        call.apply(ForgetDeviceRequest.newBuilder().setDeviceId(mine.getDeviceId()))::run,
        "user_id");
    for (String id :
        List.of(
            "", "not-a-uuid", "123", mine.getDeviceId() + "0", "g".repeat(36), "x".repeat(1000))) {
      assertInvalid(
          call.apply(ForgetDeviceRequest.newBuilder().setUserId(USER).setDeviceId(id))::run,
          "device_id");
    }
    for (String id : List.of(UUID.randomUUID().toString(), theirs.getDeviceId())) {
      assertStatus(
          call.apply(ForgetDeviceRequest.newBuilder().setUserId(USER).setDeviceId(id))::run,
          Status.Code.NOT_FOUND,
          "device_id");
    }

    assertThat(listDevices(USER)).hasSize(1);
    assertThat(checkDevice("someone-else", theirs.getDeviceToken())).isTrue();
  }

  @Test
  void listAndForgetAllDevices_malformedUserIdIsInvalidArgument() {
    remember(USER, null);
    for (String userId : List.of("", "u".repeat(129), "x\u0085y")) {
      assertInvalid(
          () ->
              sidecar
                  .devices()
                  .listDevices(ListDevicesRequest.newBuilder().setUserId(userId).build()),
          "user_id");
      assertInvalid(
          () ->
              sidecar
                  .devices()
                  .forgetAllDevices(ForgetAllDevicesRequest.newBuilder().setUserId(userId).build()),
          "user_id");
    }
    assertThat(listDevices(USER)).hasSize(1);
  }
}
