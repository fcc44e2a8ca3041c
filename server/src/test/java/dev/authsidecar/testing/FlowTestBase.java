package dev.authsidecar.testing;

import dev.authsidecar.api.v1.Device;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.ResetUserResponse;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import java.util.List;

/**
 * One sidecar and the calls of {@link Calls} on it, for the flow suites of the recovery, device and
 * account packages.
 */
public abstract class FlowTestBase extends SidecarTestBase {

  /** New recovery codes; {@code count} 0 means the default of ten. */
  protected List<String> generate(String user, int count) {
    return Calls.generate(sidecar, user, count);
  }

  /** AccountService.VerifyCode: a TOTP, recovery or temporary code. */
  protected VerifyCodeResponse verifyCode(String user, String code) {
    return Calls.verifyCode(sidecar, user, code, "");
  }

  protected GetStatusResponse status(String user) {
    return Calls.status(sidecar, user);
  }

  protected ResetUserResponse reset(String user, String actor, String reason) {
    return Calls.reset(sidecar, user, actor, reason);
  }

  protected DisableTwoFactorResponse disable(String user, DisableProof proof) {
    return Calls.disable(sidecar, user, proof);
  }

  /** A null {@code label} sends none. */
  protected RememberDeviceResponse remember(String user, String label) {
    return Calls.remember(sidecar, user, label);
  }

  protected boolean checkDevice(String user, String token) {
    return Calls.checkDevice(sidecar, user, token);
  }

  protected List<Device> listDevices(String user) {
    return Calls.listDevices(sidecar, user);
  }
}
