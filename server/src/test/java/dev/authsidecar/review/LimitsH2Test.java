package dev.authsidecar.review;

import dev.authsidecar.testing.TestDatabase;

class LimitsH2Test extends LimitsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
