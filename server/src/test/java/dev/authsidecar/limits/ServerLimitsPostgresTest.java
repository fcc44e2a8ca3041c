package dev.authsidecar.limits;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;

@PostgresSuite
class ServerLimitsPostgresTest extends ServerLimitsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
