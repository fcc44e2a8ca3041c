package dev.authsidecar.events;

import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.ListEventsResponse;
import dev.authsidecar.api.v1.WatchEventsRequest;
import dev.authsidecar.api.v1.WatchEventsResponse;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.factor.Protos;
import dev.authsidecar.validation.Fields;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/** EventService: pages and streams the audit trail. Admin-only when admin callers are set. */
public final class EventGrpcService extends EventServiceGrpc.EventServiceImplBase {
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 1000;

  private final EventFeed feed;

  public EventGrpcService(EventFeed feed) {
    this.feed = feed;
  }

  @Override
  public void listEvents(ListEventsRequest request, StreamObserver<ListEventsResponse> response) {
    Optional<String> userId = optionalUser(request.getUserId());
    long afterId = afterId(request.getAfterId());
    int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE : request.getPageSize();
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw new InvalidArgumentException(
          "page_size",
          "must be 1 to " + MAX_PAGE + " (0 for " + DEFAULT_PAGE + "), got " + pageSize);
    }
    EventFeed.Page page = feed.page(userId, afterId, pageSize);
    response.onNext(
        ListEventsResponse.newBuilder()
            .addAllEvents(page.events().stream().map(EventGrpcService::toProto).toList())
            .setNextAfterId(page.nextAfterId())
            .build());
    response.onCompleted();
  }

  @Override
  public void watchEvents(
      WatchEventsRequest request, StreamObserver<WatchEventsResponse> response) {
    Optional<String> userId = optionalUser(request.getUserId());
    long afterId = afterId(request.getAfterId());
    var call = (ServerCallStreamObserver<WatchEventsResponse>) response;
    // Without a handler, onNext on a cancelled call throws; the loop notices the cancel itself.
    call.setOnCancelHandler(() -> {});
    try {
      feed.watch(
          userId,
          afterId,
          event -> call.onNext(WatchEventsResponse.newBuilder().setEvent(toProto(event)).build()),
          call::isCancelled);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!call.isCancelled()) {
      call.onCompleted();
    }
  }

  private static Optional<String> optionalUser(String userId) {
    return userId.isEmpty() ? Optional.empty() : Optional.of(Fields.userId(userId));
  }

  private static long afterId(long afterId) {
    if (afterId < 0) {
      throw new InvalidArgumentException("after_id", "must not be negative, got " + afterId);
    }
    return afterId;
  }

  private static Event toProto(StoredEvent event) {
    return Event.newBuilder()
        .setId(event.id())
        .setUserId(event.userId())
        .setType(dev.authsidecar.api.v1.EventType.valueOf("EVENT_TYPE_" + event.type().name()))
        .setActor(event.actor())
        .setCreatedAt(Protos.timestamp(event.createdAt()))
        .putAllDetails(event.details())
        .build();
  }
}
