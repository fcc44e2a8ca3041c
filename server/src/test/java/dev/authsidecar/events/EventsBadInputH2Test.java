package dev.authsidecar.events;

import dev.authsidecar.testing.TestDatabase;

class EventsBadInputH2Test extends EventsBadInputContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
