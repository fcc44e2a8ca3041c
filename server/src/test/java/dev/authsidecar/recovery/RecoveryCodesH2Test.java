package dev.authsidecar.recovery;

import dev.authsidecar.testing.TestDatabase;

class RecoveryCodesH2Test extends RecoveryCodesContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
