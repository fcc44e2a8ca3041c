package dev.authsidecar.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Message;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.testing.Enrollments;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes every request type through the real gRPC server (in-process, H2): bad input is an answer
 * (INVALID_ARGUMENT, NOT_FOUND, a REJECTED result...), never INTERNAL or UNKNOWN, and the server
 * keeps serving. Runs over the corpus under ApiFuzzTestInputs/ in every build; JAZZER_FUZZ=1 makes
 * it fuzz (see README, Operations, Fuzzing).
 */
class ApiFuzzTest {
  private static final MutableClock clock = MutableClock.atStepStart();
  private static TestDatabase database;
  private static TestSidecar sidecar;
  private static FuzzedMessages messages;

  @BeforeAll
  static void start() {
    database = TestDatabase.h2();
    sidecar = TestSidecar.start(database.config(), clock);
    messages = new FuzzedMessages(knownValues());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    sidecar.close();
    database.close();
  }

  /**
   * The first byte picks the method (in the order of {@link RawCalls#METHODS}), the rest is sent as
   * the request, parseable or not.
   */
  @FuzzTest
  void everyMethod_rawBytes_neverServerError(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    MethodDescriptor<?, ?> method = RawCalls.method(Byte.toUnsignedInt(input[0]));
    RawCalls.assertNoServerError(sidecar, method, Arrays.copyOfRange(input, 1, input.length));
    RawCalls.assertStillServing(sidecar);
  }

  /** A well-formed request of the picked method, every field's value from the fuzzer. */
  @FuzzTest
  void everyMethod_fuzzedFields_neverServerError(FuzzedDataProvider data) throws Exception {
    MethodDescriptor<?, ?> method =
        RawCalls.method(data.consumeInt(0, RawCalls.METHODS.size() - 1));
    Message prototype =
        (Message)
            ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                .getMessagePrototype();
    Message request = messages.build(prototype, data);
    RawCalls.assertNoServerError(sidecar, method, request.toByteArray());
    RawCalls.assertStillServing(sidecar);
  }

  /**
   * Ids and codes of things that exist in the sidecar (an enrolled user, a pending enrollment, a
   * ceremony, a device), and edge cases of the validators, for string fields to pick from.
   */
  private static List<String> knownValues() {
    List<String> known = new ArrayList<>();
    Enrolled enrolled = Enrollments.enroll(sidecar.totp(), "fuzz-alice", clock);
    known.add("fuzz-alice");
    known.add(enrolled.factorId());
    known.add(enrolled.app().code());
    BeginEnrollmentResponse pending =
        sidecar
            .totp()
            .beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId("fuzz-bob").build());
    known.add("fuzz-bob");
    known.add(pending.getEnrollmentId());
    known.addAll(
        sidecar
            .recovery()
            .generateCodes(GenerateCodesRequest.newBuilder().setUserId("fuzz-alice").build())
            .getCodesList());
    known.add(
        sidecar
            .webauthn()
            .startRegistration(
                StartRegistrationRequest.newBuilder().setUserId("fuzz-carol").build())
            .getCeremonyId());
    RememberDeviceResponse device =
        sidecar
            .devices()
            .rememberDevice(RememberDeviceRequest.newBuilder().setUserId("fuzz-alice").build());
    known.add(device.getDeviceId());
    known.add(device.getDeviceToken());
    known.addAll(
        List.of(
            "",
            " ",
            "000000",
            "12345678",
            "00000000-0000-0000-0000-000000000000",
            "x".repeat(1000),
            "\u0000",
            "{}"));
    return known;
  }
}
