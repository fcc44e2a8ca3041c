package dev.authsidecar.testing;

import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventServiceGrpc.EventServiceStub;
import dev.authsidecar.api.v1.WatchEventsRequest;
import dev.authsidecar.api.v1.WatchEventsResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An open WatchEvents stream whose events a test takes one by one, with a timeout. */
public final class EventWatch implements AutoCloseable {
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<Throwable> ended = new CompletableFuture<>();
  private final CompletableFuture<ClientCallStreamObserver<WatchEventsRequest>> call =
      new CompletableFuture<>();

  private EventWatch() {}

  public static EventWatch open(EventServiceStub stub, WatchEventsRequest request) {
    EventWatch watch = new EventWatch();
    stub.watchEvents(
        request,
        new ClientResponseObserver<WatchEventsRequest, WatchEventsResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> requestStream) {
            watch.call.complete(requestStream);
          }

          @Override
          public void onNext(WatchEventsResponse value) {
            watch.events.add(value.getEvent());
          }

          @Override
          public void onError(Throwable t) {
            watch.ended.complete(t);
          }

          @Override
          public void onCompleted() {
            watch.ended.complete(null);
          }
        });
    return watch;
  }

  /** The next event, or null when none arrives within {@code timeout}. */
  public Event next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next {@code count} events; fails when they do not all arrive within {@code timeout}. */
  public List<Event> next(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> got = new ArrayList<>();
    while (got.size() < count) {
      Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError(
            "only " + got.size() + " of " + count + " events within " + timeout + ": " + got);
      }
      got.add(event);
    }
    return got;
  }

  /** How the stream ended: null when completed normally; waits up to {@code timeout}. */
  public Throwable end(Duration timeout) throws Exception {
    return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean hasEnded() {
    return ended.isDone();
  }

  @Override
  public void close() {
    call.thenAccept(c -> c.cancel("test done", null));
  }
}
