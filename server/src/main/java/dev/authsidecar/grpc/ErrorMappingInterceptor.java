package dev.authsidecar.grpc;

import dev.authsidecar.error.CallExpiredException;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.error.LimitExceededException;
import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.error.PermissionDeniedException;
import dev.authsidecar.error.StoreUnavailableException;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become gRPC statuses. Handlers throw domain exceptions; an
 * exception escaping a handler would otherwise reach the client as UNKNOWN. Descriptions name the
 * field and the problem and never carry secrets or server internals.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

  private final DatabaseOutages outages;

  /** {@code outages} hears of every call that found the database unreachable. */
  public ErrorMappingInterceptor(DatabaseOutages outages) {
    this.outages = outages;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          close(call, e);
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          close(call, e);
        }
      }
    };
  }

  private <Q, R> void close(ServerCall<Q, R> call, RuntimeException e) {
    Status status = statusOf(e, call.getMethodDescriptor().getFullMethodName());
    try {
      call.close(status, new Metadata());
    } catch (IllegalStateException alreadyClosed) {
      // The handler closed the call before failing; nothing more to tell the client.
    }
  }

  Status statusOf(RuntimeException e, String method) {
    if (e instanceof InvalidArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    if (e instanceof PermissionDeniedException) {
      return Status.PERMISSION_DENIED.withDescription(e.getMessage());
    }
    if (e instanceof LimitExceededException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
    }
    if (e instanceof NotFoundException) {
      return Status.NOT_FOUND.withDescription(e.getMessage());
    }
    if (e instanceof CallExpiredException) {
      return Status.DEADLINE_EXCEEDED.withDescription(e.getMessage());
    }
    if (e instanceof StoreUnavailableException || isUnavailable(e)) {
      log.warn("database unavailable during {}: {}", method, rootMessage(e));
      if (e instanceof StoreUnavailableException || isUnreachable(e)) {
        outages.databaseUnreachable();
      }
      return Status.UNAVAILABLE.withDescription("database unavailable, try again");
    }
    log.error("unexpected failure in {}", method, e);
    return Status.INTERNAL.withDescription("internal error");
  }

  /** Connection failures, timeouts and aborted transactions: the caller may retry. */
  private static boolean isUnavailable(Throwable e) {
    if (!(e instanceof DataAccessException)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception, 40: transaction rollback, 57: operator intervention,
        // 53: insufficient resources (SQLSTATE classes, SQL:2011 and PostgreSQL appendix A).
        if (state.startsWith("08")
            || state.startsWith("40")
            || state.startsWith("57")
            || state.startsWith("53")
            || state.startsWith("HYT")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The database itself is gone (connection refused or lost, server shutting down), as opposed to a
   * busy one (serialization failure, deadlock, statement timeout, a pool exhausted under load):
   * only the former should take this replica out of service.
   */
  private static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect
        // now (PostgreSQL appendix A). A pool timeout carries the state of the last failed
        // connection attempt, and none when the pool was merely busy.
        if (state.startsWith("08") || state.matches("57P0[123]")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
