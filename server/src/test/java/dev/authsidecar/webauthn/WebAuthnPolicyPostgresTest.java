package dev.authsidecar.webauthn;

import dev.authsidecar.testing.PostgresSuite;
import dev.authsidecar.testing.TestDatabase;

@PostgresSuite
class WebAuthnPolicyPostgresTest extends WebAuthnPolicyContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
