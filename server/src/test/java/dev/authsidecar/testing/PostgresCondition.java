package dev.authsidecar.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables {@link PostgresSuite} classes only when a PostgreSQL is configured. */
public final class PostgresCondition implements ExecutionCondition {
  static final String HOW_TO_ENABLE =
      "PostgreSQL suite skipped: set "
          + TestDatabase.PG_URL
          + "=jdbc:postgresql://127.0.0.1:5432/DB (and "
          + TestDatabase.PG_USER
          + ", "
          + TestDatabase.PG_PASSWORD
          + ") to run it; .ci/run shows a complete set-up.";
  private static final AtomicBoolean told = new AtomicBoolean();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (TestDatabase.postgresConfigured()) {
      return ConditionEvaluationResult.enabled("PostgreSQL configured");
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI=true but "
              + TestDatabase.PG_URL
              + " is not set: the PostgreSQL suite must run in CI");
    }
    if (told.compareAndSet(false, true)) {
      System.out.println("*** " + HOW_TO_ENABLE);
    }
    return ConditionEvaluationResult.disabled(HOW_TO_ENABLE);
  }
}
