package dev.authsidecar.totp;

import dev.authsidecar.testing.TestDatabase;

class TotpApiH2Test extends TotpApiContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
