package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class AdminResetH2Test extends AdminResetContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
