package dev.authsidecar.idempotency;

import dev.authsidecar.testing.TestDatabase;

class RetryAnswersH2Test extends RetryAnswersContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
