package dev.authsidecar.store;

import dev.authsidecar.error.CallExpiredException;
import io.grpc.Context;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * Refuses every statement of a gRPC call that has been cancelled or whose deadline has passed, so
 * such a call neither starts nor finishes database work: in a transaction, the refusal rolls it
 * back. Outside a call (maintenance, health) the context is never cancelled.
 */
final class CallDeadlines implements ExecuteListener {
  @Override
  public void start(ExecuteContext ctx) {
    if (CallExpiredException.expired(Context.current())) {
      throw new CallExpiredException();
    }
  }
}
