package dev.authsidecar.limits;

import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A test hook outside every interceptor of the sidecar: it holds a unary call that carries {@link
 * #HOLD} just before its handler would run, after the sidecar gave it a call slot. {@code
 * until-released} holds it until {@link #release}; {@code until-expired} until its deadline has
 * passed. No sleeps: each wait ends on an event.
 */
final class HoldingInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> HOLD =
      Metadata.Key.of("x-test-hold", Metadata.ASCII_STRING_MARSHALLER);

  /** One permit per call being held until released. */
  final Semaphore held = new Semaphore(0);

  final CountDownLatch release = new CountDownLatch(1);

  /** Counted down when a held-until-expired call has finished on the server, handler included. */
  final CountDownLatch expiredCallFinished = new CountDownLatch(1);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String mode = headers.get(HOLD);
    ServerCall.Listener<Q> listener = next.startCall(call, headers);
    if (mode == null) {
      return listener;
    }
    Context context = Context.current();
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onHalfClose() {
        if (mode.equals("until-released")) {
          held.release();
          await(release);
        } else {
          CountDownLatch cancelled = new CountDownLatch(1);
          context.addListener(c -> cancelled.countDown(), Runnable::run);
          await(cancelled);
        }
        super.onHalfClose();
      }

      // Listener callbacks are serialised: when these run, onHalfClose and the handler are done.
      @Override
      public void onCancel() {
        super.onCancel();
        finished();
      }

      @Override
      public void onComplete() {
        super.onComplete();
        finished();
      }

      private void finished() {
        if (mode.equals("until-expired")) {
          expiredCallFinished.countDown();
        }
      }
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test hold never ended");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
