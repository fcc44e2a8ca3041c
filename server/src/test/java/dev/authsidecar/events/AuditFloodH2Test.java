package dev.authsidecar.events;

import dev.authsidecar.testing.TestDatabase;

class AuditFloodH2Test extends AuditFloodContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
