package dev.authsidecar.security;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;

@PostgresSuite
class SecretsAtRestPostgresTest extends SecretsAtRestContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
