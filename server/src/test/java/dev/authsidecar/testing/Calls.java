package dev.authsidecar.testing;

import dev.authsidecar.api.v1.CheckDeviceRequest;
import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.Device;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.ListDevicesRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeResponse;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.ResetUserResponse;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import java.util.List;

/**
 * The calls a login server (or, where noted, a support tool) makes, one line each, so that tests
 * read as the flow they drive. Every method takes the sidecar to call: tests with two replicas pick
 * one per call.
 */
public final class Calls {
  private Calls() {}

  // RecoveryCodeService

  /** New recovery codes; {@code count} 0 means the default of ten. */
  public static List<String> generate(TestSidecar on, String user, int count) {
    return on.recovery()
        .generateCodes(GenerateCodesRequest.newBuilder().setUserId(user).setCount(count).build())
        .getCodesList();
  }

  public static RecoveryCodeServiceVerifyCodeRequest recoveryRequest(String user, String code) {
    return RecoveryCodeServiceVerifyCodeRequest.newBuilder().setUserId(user).setCode(code).build();
  }

  /** RecoveryCodeService.VerifyCode; an empty {@code requestId} means none. */
  public static RecoveryCodeServiceVerifyCodeResponse recoveryCode(
      TestSidecar on, String user, String code, String requestId) {
    return on.recovery()
        .verifyCode(recoveryRequest(user, code).toBuilder().setRequestId(requestId).build());
  }

  // AccountService

  public static VerifyCodeRequest verifyCodeRequest(String user, String code) {
    return VerifyCodeRequest.newBuilder().setUserId(user).setCode(code).build();
  }

  /** AccountService.VerifyCode; an empty {@code requestId} means none. */
  public static VerifyCodeResponse verifyCode(
      TestSidecar on, String user, String code, String requestId) {
    return on.account()
        .verifyCode(verifyCodeRequest(user, code).toBuilder().setRequestId(requestId).build());
  }

  public static GetStatusResponse status(TestSidecar on, String user) {
    return on.account().getStatus(GetStatusRequest.newBuilder().setUserId(user).build());
  }

  /** ResetUser, as the admin caller (a support tool). */
  public static ResetUserResponse reset(TestSidecar on, String user, String actor, String reason) {
    return TestSidecar.asAdmin(on.account())
        .resetUser(
            ResetUserRequest.newBuilder()
                .setUserId(user)
                .setActor(actor)
                .setReason(reason)
                .build());
  }

  /** DeleteUser, as the admin caller. */
  public static void delete(TestSidecar on, String user) {
    TestSidecar.asAdmin(on.account())
        .deleteUser(DeleteUserRequest.newBuilder().setUserId(user).build());
  }

  public static DisableTwoFactorRequest disableRequest(String user, DisableProof proof) {
    return DisableTwoFactorRequest.newBuilder().setUserId(user).setProof(proof).build();
  }

  public static DisableTwoFactorResponse disable(TestSidecar on, String user, DisableProof proof) {
    return on.account().disableTwoFactor(disableRequest(user, proof));
  }

  // DeviceService

  /** RememberDevice with the default ttl; a null {@code label} sends none. */
  public static RememberDeviceResponse remember(TestSidecar on, String user, String label) {
    var request = RememberDeviceRequest.newBuilder().setUserId(user);
    if (label != null) {
      request.setLabel(label);
    }
    return on.devices().rememberDevice(request.build());
  }

  public static boolean checkDevice(TestSidecar on, String user, String token) {
    return on.devices()
        .checkDevice(CheckDeviceRequest.newBuilder().setUserId(user).setDeviceToken(token).build())
        .getTrusted();
  }

  public static List<Device> listDevices(TestSidecar on, String user) {
    return on.devices()
        .listDevices(ListDevicesRequest.newBuilder().setUserId(user).build())
        .getDevicesList();
  }
}
