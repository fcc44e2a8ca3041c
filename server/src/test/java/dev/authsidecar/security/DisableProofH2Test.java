package dev.authsidecar.security;

import dev.authsidecar.testing.TestDatabase;

class DisableProofH2Test extends DisableProofContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
