package dev.authsidecar.webauthn;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;

@PostgresSuite
class WebAuthnBadInputPostgresTest extends WebAuthnBadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
