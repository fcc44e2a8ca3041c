package dev.authsidecar.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.SetPreferredFactorRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.SidecarTestBase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** AccountService through a real in-process gRPC server. */
public abstract class AccountApiContract extends SidecarTestBase {
  private static final String USER = "user-7";

  @Test
  void getStatus_unknownUserIsNotEnrolled() {
    GetStatusResponse status = status(USER);

    assertThat(status.getEnrolled()).isFalse();
    assertThat(status.getFactorsList()).isEmpty();
    assertThat(status.getPreferredFactorId()).isEmpty();
    assertThat(status.hasLockedUntil()).isFalse();
  }

  @Test
  void setPreferredFactor_marksFactorPreferred() {
    enroll(USER);
    Enrolled second = enroll(USER);

    var answer =
        sidecar
            .account()
            .setPreferredFactor(
                SetPreferredFactorRequest.newBuilder()
                    .setUserId(USER)
                    .setFactorId(second.factorId())
                    .build());

    assertThat(answer.getStatus().getPreferredFactorId()).isEqualTo(second.factorId());
    assertThat(status(USER).getPreferredFactorId()).isEqualTo(second.factorId());
  }

  @Test
  void setPreferredFactor_refusesAnotherUsersFactor() {
    Enrolled theirs = enroll("someone-else");
    enroll(USER);

    assertThatThrownBy(
            () ->
                sidecar
                    .account()
                    .setPreferredFactor(
                        SetPreferredFactorRequest.newBuilder()
                            .setUserId(USER)
                            .setFactorId(theirs.factorId())
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).startsWith("factor_id:");
            });
    assertThat(status(USER).getPreferredFactorId()).isEmpty();
  }

  @Test
  void renameFactor_changesLabel() {
    Enrolled enrolled = enroll(USER);

    var answer =
        sidecar
            .account()
            .renameFactor(
                RenameFactorRequest.newBuilder()
                    .setUserId(USER)
                    .setFactorId(enrolled.factorId())
                    .setLabel("  Work phone ")
                    .build());

    assertThat(answer.getStatus().getFactors(0).getLabel()).isEqualTo("Work phone");
  }

  @Test
  void renameFactor_refusesEmptyAndOverlongLabels() {
    Enrolled enrolled = enroll(USER);
    for (String label : new String[] {"  ", "x".repeat(65)}) {
      assertThatThrownBy(
              () ->
                  sidecar
                      .account()
                      .renameFactor(
                          RenameFactorRequest.newBuilder()
                              .setUserId(USER)
                              .setFactorId(enrolled.factorId())
                              .setLabel(label)
                              .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).startsWith("label:");
              });
    }
    assertThat(status(USER).getFactors(0).getLabel()).isEqualTo("Authenticator app");
  }

  @Test
  void removeFactor_makesItUnusableAtOnceAndClearsPreference() {
    Enrolled enrolled = enroll(USER);
    sidecar
        .account()
        .setPreferredFactor(
            SetPreferredFactorRequest.newBuilder()
                .setUserId(USER)
                .setFactorId(enrolled.factorId())
                .build());
    clock.advance(Duration.ofSeconds(30));

    var answer =
        sidecar
            .account()
            .removeFactor(
                RemoveFactorRequest.newBuilder()
                    .setUserId(USER)
                    .setFactorId(enrolled.factorId())
                    .build());

    assertThat(answer.getStatus().getEnrolled()).isFalse();
    assertThat(answer.getStatus().getPreferredFactorId()).isEmpty();
    assertThat(verify(USER, enrolled.app().code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
  }

  @Test
  void removeFactor_unknownFactorIsNotFound() {
    enroll(USER);

    assertThatThrownBy(
            () ->
                sidecar
                    .account()
                    .removeFactor(
                        RemoveFactorRequest.newBuilder()
                            .setUserId(USER)
                            .setFactorId(UUID.randomUUID().toString())
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(status(USER).getFactorsCount()).isEqualTo(1);
  }

  private GetStatusResponse status(String userId) {
    return sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(userId).build());
  }
}
