package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class DeleteUserH2Test extends DeleteUserContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
