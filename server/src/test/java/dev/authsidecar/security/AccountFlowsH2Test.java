package dev.authsidecar.security;

import dev.authsidecar.testing.TestDatabase;

class AccountFlowsH2Test extends AccountFlowsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
