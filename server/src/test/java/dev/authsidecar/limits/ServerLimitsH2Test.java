package dev.authsidecar.limits;

import dev.authsidecar.testing.TestDatabase;

class ServerLimitsH2Test extends ServerLimitsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
