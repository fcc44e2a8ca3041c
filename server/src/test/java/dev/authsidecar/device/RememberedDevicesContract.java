package dev.authsidecar.device;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.authsidecar.api.v1.CheckDeviceRequest;
import dev.authsidecar.api.v1.ForgetAllDevicesRequest;
import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.testing.FlowTestBase;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** DESIGN.md "What users of it do", flow 5: remember this device, through the gRPC API. */
public abstract class RememberedDevicesContract extends FlowTestBase {
  private static final String USER = "ada";

  @Test
  void rememberedDevice_isTrustedUntilForgotten() {
    RememberDeviceResponse device = remember(USER, "Firefox on Linux");

    assertThat(device.getDeviceToken()).matches("[A-Za-z0-9_-]{43}");
    assertThat(Instant.ofEpochSecond(device.getExpiresAt().getSeconds()))
        .as("default ttl 30 days")
        .isEqualTo(clock.instant().plus(java.time.Duration.ofDays(30)));
    var checked =
        sidecar
            .devices()
            .checkDevice(
                CheckDeviceRequest.newBuilder()
                    .setUserId(USER)
                    .setDeviceToken(device.getDeviceToken())
                    .build());
    assertThat(checked.getTrusted()).isTrue();
    assertThat(checked.getDeviceId()).isEqualTo(device.getDeviceId());
    var listed = listDevices(USER);
    assertThat(listed).hasSize(1);
    assertThat(listed.getFirst().getId()).isEqualTo(device.getDeviceId());
    assertThat(listed.getFirst().getLabel()).isEqualTo("Firefox on Linux");
    assertThat(listed.getFirst().hasLastUsedAt()).as("the check is recorded").isTrue();
    assertThat(checkDevice("mallory", device.getDeviceToken()))
        .as("another user's token trusts nothing")
        .isFalse();

    sidecar
        .devices()
        .forgetDevice(
            ForgetDeviceRequest.newBuilder()
                .setUserId(USER)
                .setDeviceId(device.getDeviceId())
                .build());

    assertThat(checkDevice(USER, device.getDeviceToken())).isFalse();
    assertThat(listDevices(USER)).isEmpty();
  }

  @Test
  void forgetAllDevices_onPasswordChangeRevokesEveryTokenOfTheUser() {
    RememberDeviceResponse laptop = remember(USER, "Laptop");
    RememberDeviceResponse phone = remember(USER, "Phone");
    RememberDeviceResponse theirs = remember("someone-else", "Laptop");
    assertThat(listDevices(USER)).hasSize(2);

    var forgotten =
        sidecar
            .devices()
            .forgetAllDevices(ForgetAllDevicesRequest.newBuilder().setUserId(USER).build());

    assertThat(forgotten.getForgotten()).isEqualTo(2);
    assertThat(checkDevice(USER, laptop.getDeviceToken())).isFalse();
    assertThat(checkDevice(USER, phone.getDeviceToken())).isFalse();
    assertThat(listDevices(USER)).isEmpty();
    assertThat(checkDevice("someone-else", theirs.getDeviceToken())).isTrue();
  }

  @Test
  void rememberedDevice_expiresAfterItsTtl() {
    RememberDeviceResponse device =
        sidecar
            .devices()
            .rememberDevice(
                RememberDeviceRequest.newBuilder()
                    .setUserId(USER)
                    .setTtl(Duration.newBuilder().setSeconds(3600))
                    .build());
    assertThat(Instant.ofEpochSecond(device.getExpiresAt().getSeconds()))
        .isEqualTo(clock.instant().plusSeconds(3600));

    clock.advance(java.time.Duration.ofMinutes(59));
    assertThat(checkDevice(USER, device.getDeviceToken())).isTrue();
    assertThat(listDevices(USER)).hasSize(1);

    clock.advance(java.time.Duration.ofMinutes(1));
    assertThat(checkDevice(USER, device.getDeviceToken())).isFalse();
    assertThat(listDevices(USER)).isEmpty();
  }

  @Test
  void rememberDevice_ttlAboveTheCapIsInvalid() {
    assertInvalid(
        () ->
            sidecar
                .devices()
                .rememberDevice(
                    RememberDeviceRequest.newBuilder()
                        .setUserId(USER)
                        .setTtl(Duration.newBuilder().setSeconds(90L * 86400 + 1))
                        .build()),
        "ttl");
    assertThat(listDevices(USER)).isEmpty();

    RememberDeviceResponse atCap =
        sidecar
            .devices()
            .rememberDevice(
                RememberDeviceRequest.newBuilder()
                    .setUserId(USER)
                    .setTtl(Duration.newBuilder().setSeconds(90L * 86400))
                    .build());
    assertThat(Instant.ofEpochSecond(atCap.getExpiresAt().getSeconds()))
        .isEqualTo(clock.instant().plus(java.time.Duration.ofDays(90)));
  }
}
