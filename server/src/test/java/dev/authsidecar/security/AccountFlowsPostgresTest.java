package dev.authsidecar.security;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;

@PostgresSuite
class AccountFlowsPostgresTest extends AccountFlowsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
