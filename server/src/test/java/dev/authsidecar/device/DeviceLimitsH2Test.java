package dev.authsidecar.device;

import dev.authsidecar.testing.TestDatabase;

class DeviceLimitsH2Test extends DeviceLimitsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
