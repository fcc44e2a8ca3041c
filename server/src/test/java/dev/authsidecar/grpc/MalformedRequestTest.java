package dev.authsidecar.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.RawBytesCalls;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose bytes are not a message of the method's request type are refused with
 * INVALID_ARGUMENT (never UNKNOWN or INTERNAL), and the server keeps serving. The requests are sent
 * as raw bytes under the real method names, the way a broken or hostile client would.
 */
class MalformedRequestTest {
  /** user_id (field 1) holding 0xC3 0x28: not UTF-8, which proto3 requires of strings. */
  private static final byte[] INVALID_UTF8_USER_ID = HexFormat.of().parseHex("0a02c328");

  /** user_id announces 5 bytes, 2 follow. */
  private static final byte[] TRUNCATED = HexFormat.of().parseHex("0a05616c");

  /** A tag varint that never ends. */
  private static final byte[] GARBAGE = HexFormat.of().parseHex("ffffffffffffffffffffff");

  private final MutableClock clock = MutableClock.atStepStart();
  private TestDatabase database;
  private TestSidecar sidecar;

  @BeforeEach
  void start() {
    database = TestDatabase.h2();
    sidecar = TestSidecar.start(database.config(), clock);
  }

  @AfterEach
  void stop() throws InterruptedException {
    sidecar.close();
    database.close();
  }

  @Test
  void theBadBytes_reallyAreNoVerifyRequest() {
    for (byte[] bad : List.of(INVALID_UTF8_USER_ID, TRUNCATED, GARBAGE)) {
      assertThatThrownBy(() -> VerifyRequest.parseFrom(bad))
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
  }

  @Test
  void verify_refusesInvalidUtf8InUserId() throws Exception {
    Status status =
        call(TotpServiceGrpc.getVerifyMethod().getFullMethodName(), INVALID_UTF8_USER_ID);

    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo("request: not a valid authsidecar.v1.VerifyRequest message");
  }

  @Test
  void verify_refusesTruncatedMessage() throws Exception {
    Status status = call(TotpServiceGrpc.getVerifyMethod().getFullMethodName(), TRUNCATED);

    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo("request: not a valid authsidecar.v1.VerifyRequest message");
  }

  @Test
  void verify_stillAcceptsValidCallsAfterMalformedOnes() throws Exception {
    Enrolled enrolled = Enrollments.enroll(sidecar.totp(), "u", clock);
    for (byte[] bad : List.of(INVALID_UTF8_USER_ID, TRUNCATED, GARBAGE)) {
      call(TotpServiceGrpc.getVerifyMethod().getFullMethodName(), bad);
    }
    clock.advance(Duration.ofSeconds(30));

    var verified =
        sidecar
            .totp()
            .verify(
                VerifyRequest.newBuilder().setUserId("u").setCode(enrolled.app().code()).build());

    assertThat(verified.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(sidecar.health().check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  static Stream<String> everyMethod() {
    return RawBytesCalls.EVERY_METHOD.stream().map(MethodDescriptor::getFullMethodName);
  }

  @ParameterizedTest
  @MethodSource("everyMethod")
  void everyMethod_refusesGarbageWithInvalidArgument(String method) throws Exception {
    Status status = call(method, GARBAGE);

    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("request: not a valid ").endsWith(" message");
  }

  @Test
  void reflection_stillDescribesTheWrappedServices() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    var requests =
        ServerReflectionGrpc.newStub(sidecar.channel())
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    answer.complete(response);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(
        ServerReflectionRequest.newBuilder()
            .setFileContainingSymbol(TotpServiceGrpc.SERVICE_NAME)
            .build());
    requests.onCompleted();

    assertThat(
            answer
                .get(10, TimeUnit.SECONDS)
                .getFileDescriptorResponse()
                .getFileDescriptorProtoCount())
        .isPositive();
  }

  /** Sends {@code request} as the only message of a call to {@code method}; returns its status. */
  private Status call(String method, byte[] request) throws Exception {
    return RawBytesCalls.call(sidecar, method, method.endsWith("/WatchEvents"), request);
  }
}
