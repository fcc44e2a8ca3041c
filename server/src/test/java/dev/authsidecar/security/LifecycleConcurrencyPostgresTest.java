package dev.authsidecar.security;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;

@PostgresSuite
class LifecycleConcurrencyPostgresTest extends LifecycleConcurrencyContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
