package dev.authsidecar.events;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.WatchEventsRequest;
import dev.authsidecar.testing.BadInputTestBase;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to EventService get INVALID_ARGUMENT naming the field (see {@link
 * BadInputTestBase}).
 */
public abstract class EventsBadInputContract extends BadInputTestBase {

  @Test
  void listEvents_malformedFieldsAreInvalidArgument() {
    Function<ListEventsRequest.Builder, Runnable> call =
        b -> () -> sidecar.events().listEvents(b.build());

    for (int pageSize : new int[] {-1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertInvalid(
          call.apply(ListEventsRequest.newBuilder().setPageSize(pageSize))::run, "page_size");
    }
    for (long afterId : new long[] {-1, Long.MIN_VALUE}) {
      assertInvalid(
          call.apply(ListEventsRequest.newBuilder().setAfterId(afterId))::run, "after_id");
    }
    assertInvalid(
        call.apply(ListEventsRequest.newBuilder().setUserId("u".repeat(129)))::run, "user_id");
    assertInvalid(call.apply(ListEventsRequest.newBuilder().setUserId("a\nb"))::run, "user_id");

    assertThat(
            sidecar
                .events()
                .listEvents(ListEventsRequest.newBuilder().setAfterId(Long.MAX_VALUE).build())
                .getEventsList())
        .isEmpty();
  }

  @Test
  void watchEvents_malformedFieldsAreInvalidArgument() {
    Function<WatchEventsRequest.Builder, Runnable> call =
        b -> () -> sidecar.events().watchEvents(b.build()).hasNext();

    for (long afterId : new long[] {-1, Long.MIN_VALUE}) {
      assertInvalid(
          call.apply(WatchEventsRequest.newBuilder().setAfterId(afterId))::run, "after_id");
    }
    assertInvalid(
        call.apply(WatchEventsRequest.newBuilder().setUserId("u".repeat(129)))::run, "user_id");
    assertInvalid(call.apply(WatchEventsRequest.newBuilder().setUserId("a\u0000"))::run, "user_id");
  }
}
