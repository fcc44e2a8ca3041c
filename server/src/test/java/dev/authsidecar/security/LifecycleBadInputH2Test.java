package dev.authsidecar.security;

import dev.authsidecar.testing.TestDatabase;

class LifecycleBadInputH2Test extends LifecycleBadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
