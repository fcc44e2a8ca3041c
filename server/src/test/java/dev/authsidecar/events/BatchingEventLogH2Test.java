package dev.authsidecar.events;

import dev.authsidecar.testing.TestDatabase;

class BatchingEventLogH2Test extends BatchingEventLogContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
