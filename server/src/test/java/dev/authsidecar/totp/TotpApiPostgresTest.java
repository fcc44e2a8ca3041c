package dev.authsidecar.totp;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;

@PostgresSuite
class TotpApiPostgresTest extends TotpApiContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
