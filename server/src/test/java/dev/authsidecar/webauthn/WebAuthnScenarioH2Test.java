package dev.authsidecar.webauthn;

import dev.authsidecar.testing.TestDatabase;

class WebAuthnScenarioH2Test extends WebAuthnScenarioContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
