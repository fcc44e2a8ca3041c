package dev.authsidecar.config;

import dev.authsidecar.account.AccountPolicy;
import dev.authsidecar.device.DevicePolicy;
import dev.authsidecar.lockout.LockoutPolicy;
import dev.authsidecar.totp.TotpPolicy;
import dev.authsidecar.webauthn.RelyingParty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the sidecar is configured with. Built once at start-up by {@link ConfigLoader}.
 *
 * @param secretKeys the AUTHSIDECAR_SECRET_KEYS spec, empty in embedded mode where a local key file
 *     is used instead
 */
public record Config(
    String listenHost,
    int listenPort,
    DatabaseConfig database,
    Path dataDir,
    Optional<String> secretKeys,
    TotpPolicy totp,
    LockoutPolicy lockout,
    AccountPolicy account,
    DevicePolicy devices,
    RelyingParty webauthn,
    AccessConfig access,
    Duration eventPollInterval,
    Duration requestIdTtl,
    Duration shutdownGrace) {

  @Override
  public String toString() {
    return "Config[listen="
        + listenHost
        + ":"
        + listenPort
        + ", database="
        + database
        + ", dataDir="
        + dataDir
        + ", totp="
        + totp
        + ", lockout="
        + lockout
        + ", account="
        + account
        + ", devices="
        + devices
        + ", webauthn="
        + webauthn
        + ", access="
        + access
        + "]";
  }
}
