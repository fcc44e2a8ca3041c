package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class DisableWithReauthenticationH2Test extends DisableWithReauthenticationContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
