package dev.authsidecar.limits;

import dev.authsidecar.error.CallExpiredException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the calls running at once, so that overload is refused at once with RESOURCE_EXHAUSTED and
 * a retry hint instead of queueing without end in front of the database pool; and never starts a
 * call whose deadline passed (or that its client cancelled) before its handler runs.
 *
 * <p>Unary calls share one bound. Server streams (WatchEvents) live for as long as the client
 * watches, so they have a bound of their own and never take the slots of sign-in calls.
 */
public final class CallLimiter implements ServerInterceptor {
  /** Calls are short (milliseconds): a slot is likely free again soon. */
  static final Duration RETRY_AFTER = Duration.ofMillis(100);

  private final Semaphore calls;
  private final int callBound;
  private final Semaphore streams;
  private final int streamBound;

  public CallLimiter(LimitSettings limits, int poolSize) {
    this.callBound = limits.concurrentCalls(poolSize);
    this.calls = new Semaphore(callBound);
    this.streamBound = limits.maxWatchStreams();
    this.streams = new Semaphore(streamBound);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (refusedAsExpired(call)) {
      return new ServerCall.Listener<>() {};
    }
    boolean unary = call.getMethodDescriptor().getType() == MethodType.UNARY;
    Semaphore bound = unary ? calls : streams;
    if (!bound.tryAcquire()) {
      RetryHints.refuse(
          call,
          unary
              ? "too many concurrent calls (limit " + callBound + "), retry shortly"
              : "too many open streams (limit " + streamBound + "), retry later",
          RETRY_AFTER);
      return new ServerCall.Listener<>() {};
    }
    Permit permit = new Permit(bound);
    // Released when the answer is sent, so a client that hears it can call again at once.
    ServerCall<Q, R> releasing =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            permit.release();
            super.close(status, trailers);
          }
        };
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(releasing, headers);
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onHalfClose() {
        // A unary handler runs now: the request may have waited for a thread or for its bytes.
        if (!refusedAsExpired(releasing)) {
          super.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        permit.release();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        permit.release();
        super.onComplete();
      }
    };
  }

  /** Closes the call when its deadline passed or its client went away; true if so. */
  private static boolean refusedAsExpired(ServerCall<?, ?> call) {
    Context context = Context.current();
    if (!CallExpiredException.expired(context)) {
      return false;
    }
    Status status = Contexts.statusFromCancelled(context);
    try {
      call.close(
          status != null ? status : Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded"),
          new Metadata());
    } catch (IllegalStateException alreadyClosed) {
      // Closed already; the client has its answer.
    }
    return true;
  }

  /** One slot of a bound, given back exactly once whichever of close, complete, cancel is first. */
  private static final class Permit {
    private final Semaphore bound;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(Semaphore bound) {
      this.bound = bound;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        bound.release();
      }
    }
  }
}
