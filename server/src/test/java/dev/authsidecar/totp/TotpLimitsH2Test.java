package dev.authsidecar.totp;

import dev.authsidecar.testing.TestDatabase;

class TotpLimitsH2Test extends TotpLimitsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
