package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class AccountApiH2Test extends AccountApiContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
