package dev.authsidecar.webauthn;

import dev.authsidecar.testing.TestDatabase;

class WebAuthnBadInputH2Test extends WebAuthnBadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
