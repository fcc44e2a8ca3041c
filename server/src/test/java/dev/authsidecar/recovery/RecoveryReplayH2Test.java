package dev.authsidecar.recovery;

import dev.authsidecar.testing.TestDatabase;

class RecoveryReplayH2Test extends RecoveryReplayContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
