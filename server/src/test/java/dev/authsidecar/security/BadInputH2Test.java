package dev.authsidecar.security;

import dev.authsidecar.testing.TestDatabase;

class BadInputH2Test extends BadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
