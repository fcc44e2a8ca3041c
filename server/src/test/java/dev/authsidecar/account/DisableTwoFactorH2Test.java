package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class DisableTwoFactorH2Test extends DisableTwoFactorContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
