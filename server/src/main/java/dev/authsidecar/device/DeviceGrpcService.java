package dev.authsidecar.device;

import dev.authsidecar.api.v1.CheckDeviceRequest;
import dev.authsidecar.api.v1.CheckDeviceResponse;
import dev.authsidecar.api.v1.Device;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.ForgetAllDevicesRequest;
import dev.authsidecar.api.v1.ForgetAllDevicesResponse;
import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.ForgetDeviceResponse;
import dev.authsidecar.api.v1.ListDevicesRequest;
import dev.authsidecar.api.v1.ListDevicesResponse;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.factor.Protos;
import dev.authsidecar.validation.Fields;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.regex.Pattern;

/** DeviceService: validates requests, calls the device logic, shapes the answers. */
public final class DeviceGrpcService extends DeviceServiceGrpc.DeviceServiceImplBase {
  private static final Pattern TOKEN =
      Pattern.compile("[A-Za-z0-9_-]{" + Devices.TOKEN_LENGTH + "}");

  private final Devices devices;
  private final DevicePolicy policy;

  public DeviceGrpcService(Devices devices, DevicePolicy policy) {
    this.devices = devices;
    this.policy = policy;
  }

  @Override
  public void rememberDevice(
      RememberDeviceRequest request, StreamObserver<RememberDeviceResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String label = Fields.label("label", request.getLabel(), "Remembered device");
    Duration ttl = policy.defaultTtl();
    if (request.hasTtl()) {
      long seconds = request.getTtl().getSeconds();
      int nanos = request.getTtl().getNanos();
      if (seconds < 0
          || seconds > policy.maxTtl().getSeconds()
          || nanos < 0
          || nanos > 999_999_999) {
        throw new InvalidArgumentException(
            "ttl", "must be positive and at most " + policy.maxTtl() + ", got " + seconds + "s");
      }
      ttl = Duration.ofSeconds(seconds, nanos);
      if (ttl.isZero() || ttl.compareTo(policy.maxTtl()) > 0) {
        throw new InvalidArgumentException(
            "ttl", "must be positive and at most " + policy.maxTtl() + ", got " + ttl);
      }
    }
    Devices.RememberedDevice device = devices.remember(userId, label, ttl);
    response.onNext(
        RememberDeviceResponse.newBuilder()
            .setDeviceId(device.id().toString())
            .setDeviceToken(device.token())
            .setExpiresAt(Protos.timestamp(device.expiresAt()))
            .build());
    response.onCompleted();
  }

  @Override
  public void checkDevice(
      CheckDeviceRequest request, StreamObserver<CheckDeviceResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String token = request.getDeviceToken();
    if (token.isEmpty()) {
      throw new InvalidArgumentException("device_token", "is required");
    }
    if (!TOKEN.matcher(token).matches()) {
      throw new InvalidArgumentException(
          "device_token",
          "must be the " + Devices.TOKEN_LENGTH + "-character token RememberDevice returned");
    }
    var out = CheckDeviceResponse.newBuilder();
    devices.check(userId, token).ifPresent(id -> out.setTrusted(true).setDeviceId(id.toString()));
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void listDevices(
      ListDevicesRequest request, StreamObserver<ListDevicesResponse> response) {
    var out = ListDevicesResponse.newBuilder();
    for (DeviceInfo device : devices.list(Fields.userId(request.getUserId()))) {
      var d =
          Device.newBuilder()
              .setId(device.id().toString())
              .setLabel(device.label())
              .setCreatedAt(Protos.timestamp(device.createdAt()))
              .setExpiresAt(Protos.timestamp(device.expiresAt()));
      device.lastUsedAt().ifPresent(at -> d.setLastUsedAt(Protos.timestamp(at)));
      out.addDevices(d);
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void forgetDevice(
      ForgetDeviceRequest request, StreamObserver<ForgetDeviceResponse> response) {
    devices.forget(
        Fields.userId(request.getUserId()), Fields.uuid("device_id", request.getDeviceId()));
    response.onNext(ForgetDeviceResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void forgetAllDevices(
      ForgetAllDevicesRequest request, StreamObserver<ForgetAllDevicesResponse> response) {
    int forgotten = devices.forgetAll(Fields.userId(request.getUserId()));
    response.onNext(ForgetAllDevicesResponse.newBuilder().setForgotten(forgotten).build());
    response.onCompleted();
  }
}
