package dev.authsidecar.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.authsidecar.Sidecar;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WatchEventsRequest;
import dev.authsidecar.api.v1.WatchEventsResponse;
import dev.authsidecar.config.Config;
import dev.authsidecar.error.CallExpiredException;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.store.Database;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limits of README, Operations, Limits, on a real port (Netty) with a real database: what a
 * client sees past each limit, and that the sidecar serves normally once the load drops.
 */
public abstract class ServerLimitsContract {
  private static final String USER = "grace";

  private final HoldingInterceptor hold = new HoldingInterceptor();
  private TestDatabase database;
  private Sidecar sidecar;
  private SidecarServer server;
  private ManagedChannel channel;

  protected abstract TestDatabase newDatabase();

  private void start(LimitSettings limits) throws Exception {
    database = newDatabase();
    Config config = TestSidecar.config(database.config()).withLimits(limits);
    sidecar = Sidecar.open(config, Clock.systemUTC());
    server =
        sidecar
            .server(
                NettyServerBuilder.forAddress(
                        new InetSocketAddress("127.0.0.1", 0), sidecar.credentials())
                    .intercept(hold))
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    hold.release.countDown();
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.stop();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static LimitSettings limits(
      int maxMessageBytes, int maxConcurrentCalls, int maxWatchStreams, int ratePerCaller) {
    return new LimitSettings(maxMessageBytes, maxConcurrentCalls, maxWatchStreams, ratePerCaller);
  }

  @Test
  void oversizedRequest_isResourceExhausted_andTheServerKeepsServing() throws Exception {
    start(limits(4096, 0, 16, 0));

    assertThatThrownBy(
            () ->
                totp()
                    .beginEnrollment(
                        BeginEnrollmentRequest.newBuilder()
                            .setUserId(USER)
                            .setAccountName("x".repeat(8000))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));

    assertThat(totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build()))
        .satisfies(r -> assertThat(r.getEnrollmentId()).isNotEmpty());
    assertThat(count("totp_enrollments")).isEqualTo(1);
  }

  @Test
  void callsPastTheBound_areResourceExhaustedWithARetryHint_untilTheLoadDrops() throws Exception {
    start(limits(LimitSettings.DEFAULT_MAX_MESSAGE_BYTES, 2, 16, 0));

    AccountServiceGrpc.AccountServiceFutureStub held =
        TestSidecar.as(TestCallers.LOGIN, AccountServiceGrpc.newFutureStub(channel))
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .withInterceptors(holding("until-released"));
    List<ListenableFuture<GetStatusResponse>> running =
        List.of(held.getStatus(status()), held.getStatus(status()));
    assertThat(hold.held.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();

    // A burst while both slots are taken: every call is refused at once, none fails otherwise.
    List<CompletableFuture<Status>> burst = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      burst.add(CompletableFuture.supplyAsync(this::getStatusOutcome));
    }
    List<Status> outcomes = burst.stream().map(CompletableFuture::join).toList();
    assertThat(outcomes)
        .allSatisfy(
            s -> {
              assertThat(s.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(s.getDescription()).contains("too many concurrent calls (limit 2)");
            });
    StatusRuntimeException refusal = refusalOf(this::getStatus);
    assertThat(refusal.getTrailers().get(RetryHints.PUSHBACK)).isEqualTo("100");
    assertThat(retryDelayMillis(refusal)).isEqualTo(100);

    // Health probes are not bounded: an overloaded replica still says it is serving.
    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    hold.release.countDown();
    for (ListenableFuture<GetStatusResponse> call : running) {
      assertThat(call.get(30, TimeUnit.SECONDS).getEnrolled()).isFalse();
    }
    // The slots are free again as soon as the answers are out.
    for (int i = 0; i < 5; i++) {
      assertThat(getStatus().getEnrolled()).isFalse();
    }
  }

  @Test
  void watchStreams_haveTheirOwnBound_andNeverTakeCallSlots() throws Exception {
    start(limits(LimitSettings.DEFAULT_MAX_MESSAGE_BYTES, 1, 1, 0));
    totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build());

    Watch first = watch();
    assertThat(first.firstEvent.get(30, TimeUnit.SECONDS)).isNotNull();
    // The one call slot is free although a stream is open.
    assertThat(getStatus().getEnrolled()).isFalse();
    Watch second = watch();
    assertThat(statusOf(second.firstEvent).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(statusOf(second.firstEvent).getDescription()).contains("too many open streams");

    first.cancel();
    // The server hears of the cancel a moment later; then a new stream is admitted.
    Status last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      Watch next = watch();
      try {
        assertThat(next.firstEvent.get(30, TimeUnit.SECONDS)).isNotNull();
        next.cancel();
        last = Status.OK;
        break;
      } catch (ExecutionException e) {
        last = Status.fromThrowable(e.getCause());
        assertThat(last.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        Thread.sleep(20); // a short pause between attempts, not a measurement
      }
    }
    assertThat(last).isEqualTo(Status.OK);
  }

  @Test
  void callWhoseDeadlinePassedBeforeItsHandler_touchesNoRow() throws Exception {
    start(LimitSettings.DEFAULT);

    assertThatThrownBy(
            () ->
                totp()
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .withInterceptors(holding("until-expired"))
                    .beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(hold.expiredCallFinished.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(count("totp_enrollments")).isZero();
    assertThat(count("events")).isZero();
    // The same call in time writes both, so the counts above could have seen them.
    totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build());
    assertThat(count("totp_enrollments")).isEqualTo(1);
    assertThat(count("events")).isEqualTo(1);
  }

  @Test
  void cancelledCall_runsNoStatement_andAStartedTransactionRollsBack() throws Exception {
    start(LimitSettings.DEFAULT);
    try (Database db = Database.open(database.config(), new SimpleMeterRegistry())) {
      Context.CancellableContext gone = Context.current().withCancellation();
      gone.cancel(null);
      assertThatThrownBy(() -> gone.call(() -> db.dsl().execute(insertEvent())))
          .isInstanceOf(CallExpiredException.class);
      assertThat(count("events")).isZero();

      Context.CancellableContext leaving = Context.current().withCancellation();
      assertThatThrownBy(
              () ->
                  leaving.call(
                      () -> {
                        db.dsl()
                            .transaction(
                                tx -> {
                                  DSL.using(tx).execute(insertEvent());
                                  leaving.cancel(null);
                                  DSL.using(tx).execute(insertEvent());
                                });
                        return null;
                      }))
          .isInstanceOf(CallExpiredException.class);
      assertThat(count("events")).isZero();

      // Outside a call (maintenance, health) statements run.
      db.dsl().execute(insertEvent());
      assertThat(count("events")).isEqualTo(1);
    }
  }

  @Test
  void callerPastItsRate_isResourceExhaustedWithARetryHint_otherCallersAreNot() throws Exception {
    start(limits(LimitSettings.DEFAULT_MAX_MESSAGE_BYTES, 0, 16, 1));

    StatusRuntimeException refusal = null;
    for (int i = 0; i < 10 && refusal == null; i++) {
      try {
        getStatus();
      } catch (StatusRuntimeException e) {
        refusal = e;
      }
    }
    assertThat(refusal).isNotNull();
    assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refusal.getStatus().getDescription())
        .contains("'" + TestCallers.LOGIN + "'")
        .contains("1 calls per second");
    assertThat(refusal.getTrailers().get(RetryHints.PUSHBACK)).isEqualTo("1000");
    assertThat(retryDelayMillis(refusal)).isEqualTo(1000);

    // Another caller has a bucket of its own.
    assertThat(
            TestSidecar.as(TestCallers.OTHER_LOGIN, AccountServiceGrpc.newBlockingStub(channel))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .getStatus(status())
                .getEnrolled())
        .isFalse();

    // A client that waits as told is served again.
    GetStatusResponse served = null;
    for (int attempt = 0; attempt < 10 && served == null; attempt++) {
      Thread.sleep(retryDelayMillis(refusal));
      try {
        served = getStatus();
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      }
    }
    assertThat(served).isNotNull();
  }

  @Test
  void reflection_v1AndV1alpha_bothListTheServices() throws Exception {
    start(LimitSettings.DEFAULT);
    Set<String> expected =
        Set.of(
            "authsidecar.v1.TotpService",
            "authsidecar.v1.AccountService",
            "authsidecar.v1.EventService",
            "grpc.health.v1.Health");

    assertThat(Reflection.v1Services(channel)).containsAll(expected);
    assertThat(Reflection.v1alphaServices(channel)).containsAll(expected);
  }

  private TotpServiceGrpc.TotpServiceBlockingStub totp() {
    return TestSidecar.as(TestCallers.LOGIN, TotpServiceGrpc.newBlockingStub(channel))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private GetStatusResponse getStatus() {
    return TestSidecar.as(TestCallers.LOGIN, AccountServiceGrpc.newBlockingStub(channel))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .getStatus(status());
  }

  private Status getStatusOutcome() {
    try {
      getStatus();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private static GetStatusRequest status() {
    return GetStatusRequest.newBuilder().setUserId(USER).build();
  }

  private static ClientInterceptor holding(String mode) {
    Metadata headers = new Metadata();
    headers.put(HoldingInterceptor.HOLD, mode);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private static StatusRuntimeException refusalOf(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call was not refused");
  }

  private static long retryDelayMillis(StatusRuntimeException e) {
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details).isNotNull();
    return details.getDetailsList().stream()
        .filter(any -> any.is(RetryInfo.class))
        .map(
            any -> {
              try {
                return any.unpack(RetryInfo.class).getRetryDelay();
              } catch (InvalidProtocolBufferException bad) {
                throw new AssertionError(bad);
              }
            })
        .map(d -> d.getSeconds() * 1000 + d.getNanos() / 1_000_000)
        .findFirst()
        .orElseThrow();
  }

  private static Status statusOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(30, TimeUnit.SECONDS);
      return Status.OK;
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause());
    }
  }

  private static String insertEvent() {
    return "insert into events (user_id, type, actor, created_at, details) values ('"
        + USER
        + "', 'TEST', 'test', current_timestamp, '{}')";
  }

  /** Rows of {@code table} that belong to the test's user. */
  private long count(String table) throws SQLException {
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement("select count(*) from " + table + " where user_id = ?")) {
      s.setString(1, USER);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private Watch watch() {
    Watch watch = new Watch();
    TestSidecar.asAdmin(EventServiceGrpc.newStub(channel))
        .watchEvents(WatchEventsRequest.newBuilder().setUserId(USER).build(), watch);
    return watch;
  }

  /** A WatchEvents stream: its first event, or the status it was refused with. */
  private static final class Watch
      implements ClientResponseObserver<WatchEventsRequest, WatchEventsResponse> {
    final CompletableFuture<WatchEventsResponse> firstEvent = new CompletableFuture<>();
    private ClientCallStreamObserver<WatchEventsRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> call) {
      this.call = call;
    }

    @Override
    public void onNext(WatchEventsResponse event) {
      firstEvent.complete(event);
    }

    @Override
    public void onError(Throwable t) {
      firstEvent.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      firstEvent.completeExceptionally(new IllegalStateException("stream ended"));
    }

    void cancel() {
      call.cancel("test done", null);
    }
  }
}
