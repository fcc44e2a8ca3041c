package dev.authsidecar.device;

import dev.authsidecar.testing.TestDatabase;

class DeviceBadInputH2Test extends DeviceBadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
