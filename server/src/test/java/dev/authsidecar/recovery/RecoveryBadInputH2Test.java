package dev.authsidecar.recovery;

import dev.authsidecar.testing.TestDatabase;

class RecoveryBadInputH2Test extends RecoveryBadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
