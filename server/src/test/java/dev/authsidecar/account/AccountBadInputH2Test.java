package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class AccountBadInputH2Test extends AccountBadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
