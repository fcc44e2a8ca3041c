package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class ReenrollmentH2Test extends ReenrollmentContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
