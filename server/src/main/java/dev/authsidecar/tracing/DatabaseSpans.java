package dev.authsidecar.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import org.jooq.Delete;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Insert;
import org.jooq.Merge;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.jooq.Update;

/**
 * A client span per database transaction, in one place for every store: each jOOQ transaction is a
 * span ({@code db.operation} TRANSACTION), and so is each statement run outside one (it is a
 * transaction of its own under auto-commit). Spans are made only inside a traced call, so the
 * health checks and purges of maintenance do not start traces of their own. SQL text and bind
 * values never become attributes: binds hold hashes and user ids.
 */
final class DatabaseSpans implements TransactionListener, ExecuteListener {
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");

  private static final ContextKey<Boolean> IN_TRANSACTION =
      ContextKey.named("authsidecar-db-transaction");
  private static final String SPAN = "authsidecar.span";
  private static final String SCOPE = "authsidecar.scope";

  private final Tracer tracer;

  DatabaseSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void beginStart(TransactionContext ctx) {
    if (!Span.current().getSpanContext().isValid()) {
      return;
    }
    Span span = start("TRANSACTION", ctx.dialect().getNameLC());
    ctx.data(SPAN, span);
    ctx.data(SCOPE, Context.current().with(span).with(IN_TRANSACTION, true).makeCurrent());
  }

  @Override
  public void commitEnd(TransactionContext ctx) {
    end(ctx, false);
  }

  @Override
  public void rollbackEnd(TransactionContext ctx) {
    end(ctx, true);
  }

  private static void end(TransactionContext ctx, boolean rolledBack) {
    if (ctx.data(SCOPE) instanceof Scope scope && ctx.data(SPAN) instanceof Span span) {
      ctx.data().remove(SCOPE);
      ctx.data().remove(SPAN);
      scope.close();
      if (rolledBack) {
        span.setStatus(StatusCode.ERROR, "rolled back");
      }
      span.end();
    }
  }

  @Override
  public void start(ExecuteContext ctx) {
    if (Context.current().get(IN_TRANSACTION) != null
        || !Span.current().getSpanContext().isValid()) {
      return;
    }
    ctx.data(SPAN, start(operation(ctx.query()), ctx.dialect().getNameLC()));
  }

  @Override
  public void exception(ExecuteContext ctx) {
    if (ctx.data(SPAN) instanceof Span span) {
      // The exception's class only: a message may quote values.
      span.setStatus(
          StatusCode.ERROR,
          ctx.exception() == null ? "failed" : ctx.exception().getClass().getSimpleName());
    }
  }

  @Override
  public void end(ExecuteContext ctx) {
    if (ctx.data(SPAN) instanceof Span span) {
      ctx.data().remove(SPAN);
      span.end();
    }
  }

  private Span start(String operation, String system) {
    return tracer
        .spanBuilder("db " + operation)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(DB_SYSTEM, system.toLowerCase(Locale.ROOT))
        .setAttribute(DB_OPERATION, operation)
        .startSpan();
  }

  private static String operation(Query query) {
    if (query instanceof Select<?>) {
      return "SELECT";
    }
    if (query instanceof Insert<?>) {
      return "INSERT";
    }
    if (query instanceof Update<?>) {
      return "UPDATE";
    }
    if (query instanceof Delete<?>) {
      return "DELETE";
    }
    if (query instanceof Merge<?>) {
      return "MERGE";
    }
    return "OTHER";
  }
}
