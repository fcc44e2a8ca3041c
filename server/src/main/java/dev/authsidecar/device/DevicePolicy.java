package dev.authsidecar.device;

import java.time.Duration;

/** How long a remembered device stays trusted: the default, and the most a caller may ask. */
public record DevicePolicy(Duration defaultTtl, Duration maxTtl) {
  public static final DevicePolicy DEFAULT =
      new DevicePolicy(Duration.ofDays(30), Duration.ofDays(90));
}
