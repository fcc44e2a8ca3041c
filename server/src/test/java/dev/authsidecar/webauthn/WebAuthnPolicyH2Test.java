package dev.authsidecar.webauthn;

import dev.authsidecar.testing.TestDatabase;

class WebAuthnPolicyH2Test extends WebAuthnPolicyContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
