package dev.authsidecar.reseal;

import dev.authsidecar.testing.TestDatabase;

class ResealH2Test extends ResealContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
