package dev.authsidecar.security;

import dev.authsidecar.testing.TestDatabase;

class ConcurrencyH2Test extends ConcurrencyContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
