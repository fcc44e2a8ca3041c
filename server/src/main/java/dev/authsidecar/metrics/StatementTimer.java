package dev.authsidecar.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.jooq.Delete;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Insert;
import org.jooq.Merge;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.Update;

/**
 * Times each SQL statement jOOQ runs, labelled by its kind (select, insert, update, delete, merge,
 * batch, other) and whether it failed. Never the SQL text: it is unbounded and may hold values.
 */
public final class StatementTimer implements ExecuteListener {
  private static final String STARTED = StatementTimer.class.getName() + ".started";

  private final MeterRegistry registry;

  public StatementTimer(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void start(ExecuteContext ctx) {
    ctx.data(STARTED, System.nanoTime());
  }

  // end() runs after every statement, also one that failed (then ctx.exception() is set).
  @Override
  public void end(ExecuteContext ctx) {
    if (!(ctx.data(STARTED) instanceof Long started)) {
      return;
    }
    Timer.builder("authsidecar.db.statement.duration")
        .description("SQL statements run, by kind and outcome, and how long they took")
        .tag("kind", kind(ctx))
        .tag("outcome", ctx.exception() == null ? "ok" : "error")
        .serviceLevelObjectives(SidecarMeters.LATENCY_BUCKETS)
        .register(registry)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private static String kind(ExecuteContext ctx) {
    if (ctx.batchQueries().length > 1) {
      return "batch";
    }
    Query query = ctx.query();
    if (query instanceof Select<?>) {
      return "select";
    }
    if (query instanceof Insert<?>) {
      return "insert";
    }
    if (query instanceof Update<?>) {
      return "update";
    }
    if (query instanceof Delete<?>) {
      return "delete";
    }
    if (query instanceof Merge<?>) {
      return "merge";
    }
    return "other";
  }
}
