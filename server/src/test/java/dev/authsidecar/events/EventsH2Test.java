package dev.authsidecar.events;

import dev.authsidecar.testing.TestDatabase;

class EventsH2Test extends EventsContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
