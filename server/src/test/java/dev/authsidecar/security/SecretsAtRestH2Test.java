package dev.authsidecar.security;

import dev.authsidecar.testing.TestDatabase;

class SecretsAtRestH2Test extends SecretsAtRestContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
