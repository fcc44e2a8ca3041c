package dev.authsidecar.security;

import dev.authsidecar.testing.TestDatabase;

class LifecycleConcurrencyH2Test extends LifecycleConcurrencyContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
