package dev.authsidecar.device;

import dev.authsidecar.testing.TestDatabase;

class RememberedDevicesH2Test extends RememberedDevicesContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
