package dev.authsidecar.account;

import dev.authsidecar.testing.TestDatabase;

class DisableWithWebAuthnH2Test extends DisableWithWebAuthnContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
