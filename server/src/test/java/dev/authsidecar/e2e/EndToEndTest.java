package dev.authsidecar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.Sidecar;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.testing.Enrollments;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sidecar on a real TCP port, spoken to the way a login server (or grpcurl) would. */
class EndToEndTest {
  private final MutableClock clock = MutableClock.atStepStart();
  private TestDatabase database;
  private Sidecar sidecar;
  private SidecarServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    database = TestDatabase.h2();
    sidecar = Sidecar.open(TestSidecar.config(database.config()), clock);
    server =
        sidecar
            .server(
                NettyServerBuilder.forAddress(
                    new InetSocketAddress("127.0.0.1", 0), sidecar.credentials()))
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.port())
            .usePlaintext()
            .intercept(TestCallers.headers(TestCallers.LOGIN))
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
    sidecar.close();
    database.close();
  }

  @Test
  void healthCheckAnswersServing() {
    var health = HealthGrpc.newBlockingStub(channel);

    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService(TotpServiceGrpc.SERVICE_NAME)
                        .build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void reflectionListsTheApiServices() throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    var requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    services.complete(
                        response.getListServicesResponse().getServiceList().stream()
                            .map(ServiceResponse::getName)
                            .toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    services.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();

    assertThat(services.get(10, TimeUnit.SECONDS))
        .contains(
            "authsidecar.v1.TotpService", "authsidecar.v1.AccountService", "grpc.health.v1.Health");
  }

  @Test
  void enrollConfirmAndVerifyOverTcp() {
    var totp = TotpServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    Enrolled enrolled = Enrollments.enroll(totp, "alice", clock);
    clock.advance(Duration.ofSeconds(30));

    var verified =
        totp.verify(
            VerifyRequest.newBuilder().setUserId("alice").setCode(enrolled.app().code()).build());

    assertThat(verified.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(verified.getFactorId()).isEqualTo(enrolled.factorId());
  }
}
