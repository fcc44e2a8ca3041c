package dev.authsidecar.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.SetPreferredFactorRequest;
import dev.authsidecar.testing.DatabaseCells;
import dev.authsidecar.testing.DatabaseCells.Cell;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.FlowTestBase;
import dev.authsidecar.testing.TestSidecar;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Erasure: DeleteUser leaves no row about the user in any table, and one event that does not name
 * them.
 */
public abstract class DeleteUserContract extends FlowTestBase {

  @Test
  void deleteUser_leavesNoRowAboutTheUserInAnyTable() throws Exception {
    String erased = "erase-me-4711";
    String kept = "keep-me-0815";
    for (String user : List.of(erased, kept)) {
      fillEveryTable(user);
    }
    assertThat(cellsMentioning(erased)).as("the scan sees the user before").isNotEmpty();
    long before = EventTrail.lastId(sidecar.events());

    TestSidecar.asAdmin(sidecar.account())
        .deleteUser(DeleteUserRequest.newBuilder().setUserId(erased).build());

    assertThat(cellsMentioning(erased)).isEmpty();
    assertThat(cellsMentioning(kept)).as("the other user keeps everything").isNotEmpty();
    assertThat(EventTrail.all(sidecar.events(), erased)).isEmpty();
    List<Event> all = EventTrail.all(sidecar.events(), "");
    assertThat(all).noneMatch(e -> e.toString().contains(erased));
    List<Event> deletions =
        all.stream().filter(e -> e.getType() == EventType.EVENT_TYPE_USER_DELETED).toList();
    assertThat(deletions).hasSize(1);
    assertThat(deletions.getFirst().getUserId()).startsWith("deleted:").doesNotContain(erased);
    assertThat(deletions.getFirst().getId()).isGreaterThan(before);
    assertThat(all.stream().filter(e -> e.getId() > before)).containsExactly(deletions.getFirst());
    assertThat(EventTrail.all(sidecar.events(), kept)).isNotEmpty();
    GetStatusResponse gone = status(erased);
    assertThat(gone.getEnrolled()).isFalse();
    assertThat(gone.getRecoveryCodesRemaining()).isZero();
    assertThat(gone.getMustEnroll()).isFalse();
  }

  /** Rows for the user in every table: factors, pending enrollment, codes, devices, counters. */
  private void fillEveryTable(String user) {
    Enrolled first = enroll(user);
    reset(user, "support@example.com", "before deletion");
    Enrolled enrolled = enroll(user);
    sidecar
        .account()
        .renameFactor(
            RenameFactorRequest.newBuilder()
                .setUserId(user)
                .setFactorId(enrolled.factorId())
                .setLabel("Phone of " + user)
                .build());
    sidecar
        .account()
        .setPreferredFactor(
            SetPreferredFactorRequest.newBuilder()
                .setUserId(user)
                .setFactorId(enrolled.factorId())
                .build());
    List<String> codes = generate(user, 0);
    verifyCode(user, codes.get(0));
    remember(user, "Browser of " + user);
    sidecar
        .totp()
        .beginEnrollment(
            BeginEnrollmentRequest.newBuilder().setUserId(user).setLabel("Tablet").build());
    verifyCode(user, first.app().wrongCode());
  }

  private List<Cell> cellsMentioning(String user) throws Exception {
    List<Cell> cells = DatabaseCells.all(database);
    assertThat(cells.stream().map(Cell::table))
        .contains("accounts", "factors", "totp_factors", "recovery_codes", "devices", "events");
    return cells.stream().filter(c -> c.containsText(user)).toList();
  }
}
