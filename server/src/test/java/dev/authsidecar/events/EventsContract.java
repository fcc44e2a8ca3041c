package dev.authsidecar.events;

import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_ALL_DEVICES_FORGOTTEN;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_DEVICE_FORGOTTEN;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_DEVICE_REMEMBERED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_FACTOR_ENROLLED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_FACTOR_REMOVED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_FACTOR_RENAMED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_LOCKED_OUT;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_PREFERRED_FACTOR_CHANGED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_RECOVERY_CODES_GENERATED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_TOTP_ENROLLMENT_STARTED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_TWO_FACTOR_DISABLED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_USER_RESET;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_VERIFY_ACCEPTED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_VERIFY_REJECTED;
import static dev.authsidecar.api.v1.EventType.EVENT_TYPE_VERIFY_REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.ForgetAllDevicesRequest;
import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.ListEventsResponse;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.RemoveFactorRequest;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.SetPreferredFactorRequest;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.api.v1.WatchEventsRequest;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.EventWatch;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestSidecar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit trail: what leaves an event, and how ListEvents and WatchEvents read it. */
public abstract class EventsContract extends SidecarTestBase {
  private static final String USER = "user-events";
  private static final Duration ARRIVAL = Duration.ofSeconds(5);

  @Test
  void everyStateChange_leavesAnEventInOrder() {
    BeginEnrollmentResponse begun =
        sidecar
            .totp()
            .beginEnrollment(
                BeginEnrollmentRequest.newBuilder().setUserId(USER).setLabel("Phone").build());
    Authenticator app = Authenticator.scanning(begun, clock);
    String factorId =
        sidecar
            .totp()
            .confirmEnrollment(
                ConfirmEnrollmentRequest.newBuilder()
                    .setEnrollmentId(begun.getEnrollmentId())
                    .setCode(app.code())
                    .build())
            .getFactor()
            .getId();
    sidecar
        .account()
        .renameFactor(
            RenameFactorRequest.newBuilder()
                .setUserId(USER)
                .setFactorId(factorId)
                .setLabel("Work phone")
                .build());
    sidecar
        .account()
        .setPreferredFactor(
            SetPreferredFactorRequest.newBuilder().setUserId(USER).setFactorId(factorId).build());
    clock.advance(Duration.ofSeconds(30));
    String code = app.code();
    assertThat(verify(USER, code).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(verify(USER, code).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(verify(USER, app.wrongCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    List<String> codes = generate(USER, 0);
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    RememberDeviceResponse laptop = remember(USER, "Laptop");
    sidecar
        .devices()
        .forgetDevice(
            ForgetDeviceRequest.newBuilder()
                .setUserId(USER)
                .setDeviceId(laptop.getDeviceId())
                .build());
    remember(USER, "Phone");
    sidecar
        .devices()
        .forgetAllDevices(ForgetAllDevicesRequest.newBuilder().setUserId(USER).build());
    sidecar
        .account()
        .removeFactor(
            RemoveFactorRequest.newBuilder().setUserId(USER).setFactorId(factorId).build());
    disableAsAdmin(USER);
    String temporary = reset(USER);
    assertThat(verifyCode(USER, temporary).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    List<Event> trail = EventTrail.all(sidecar.events(), USER);

    // A replay refused from memory has its event written a moment later, off the answer's path
    // (issue 12): it follows the acceptance it replays, but may come after later events.
    var types = EventTrail.types(trail);
    assertThat(types.stream().filter(t -> t != EVENT_TYPE_VERIFY_REPLAYED))
        .containsExactly(
            EVENT_TYPE_TOTP_ENROLLMENT_STARTED,
            EVENT_TYPE_FACTOR_ENROLLED,
            EVENT_TYPE_FACTOR_RENAMED,
            EVENT_TYPE_PREFERRED_FACTOR_CHANGED,
            EVENT_TYPE_VERIFY_ACCEPTED,
            EVENT_TYPE_VERIFY_REJECTED,
            EVENT_TYPE_RECOVERY_CODES_GENERATED,
            EVENT_TYPE_VERIFY_ACCEPTED,
            EVENT_TYPE_DEVICE_REMEMBERED,
            EVENT_TYPE_DEVICE_FORGOTTEN,
            EVENT_TYPE_DEVICE_REMEMBERED,
            EVENT_TYPE_ALL_DEVICES_FORGOTTEN,
            EVENT_TYPE_FACTOR_REMOVED,
            EVENT_TYPE_TWO_FACTOR_DISABLED,
            EVENT_TYPE_USER_RESET,
            EVENT_TYPE_VERIFY_ACCEPTED);
    assertThat(types.indexOf(EVENT_TYPE_VERIFY_REPLAYED))
        .isGreaterThan(types.indexOf(EVENT_TYPE_VERIFY_ACCEPTED))
        .isEqualTo(types.lastIndexOf(EVENT_TYPE_VERIFY_REPLAYED));
    assertThat(trail).allMatch(e -> e.getUserId().equals(USER));
    // The calling service is the actor: the support console disabled 2FA and reset the user,
    // the sign-in service did the rest.
    assertThat(trail)
        .allMatch(
            e ->
                e.getActor()
                    .equals(
                        e.getType() == EVENT_TYPE_TWO_FACTOR_DISABLED
                                || e.getType() == EVENT_TYPE_USER_RESET
                            ? TestCallers.ADMIN
                            : TestCallers.LOGIN));
    assertThat(trail).allMatch(Event::hasCreatedAt);
    assertThat(trail.stream().map(Event::getId)).isSorted().doesNotHaveDuplicates();
    assertThat(trail.get(1).getDetailsMap())
        .containsEntry("factor_id", factorId)
        .containsEntry("factor_type", "TOTP");
    assertThat(trail.get(2).getDetailsMap()).containsEntry("factor_id", factorId);
    assertThat(trail.get(4).getDetailsMap())
        .containsEntry("factor_type", "TOTP")
        .containsEntry("factor_id", factorId);
    assertThat(trail.get(5).getDetailsMap()).containsEntry("factor_type", "TOTP");
    assertThat(trail.get(7).getDetailsMap()).containsEntry("count", "10");
    assertThat(trail.get(8).getDetailsMap())
        .containsEntry("factor_type", "RECOVERY_CODES")
        .containsEntry("remaining", "9");
    assertThat(trail.get(9).getDetailsMap())
        .containsEntry("device_id", laptop.getDeviceId())
        .containsEntry("label", "Laptop");
    assertThat(trail.get(10).getDetailsMap()).containsEntry("device_id", laptop.getDeviceId());
    assertThat(trail.get(12).getDetailsMap()).containsEntry("forgotten", "1");
    assertThat(trail.get(13).getDetailsMap()).containsEntry("factor_id", factorId);
    assertThat(trail.get(16).getDetailsMap()).containsEntry("factor_type", "TEMPORARY_CODE");
  }

  @Test
  void lockout_leavesAnEventWhenItBegins() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verify(USER, enrolled.app().wrongCode());
    }
    assertThat(verify(USER, enrolled.app().code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);

    List<Event> lockouts = EventTrail.ofType(sidecar.events(), USER, EVENT_TYPE_LOCKED_OUT);

    assertThat(lockouts).isNotEmpty();
    assertThat(lockouts.getFirst().getDetailsMap())
        .containsEntry("failed_attempts", Integer.toString(TestSidecar.LOCKOUT.threshold()))
        .containsEntry(
            "locked_until", clock.instant().plus(TestSidecar.LOCKOUT.baseDelay()).toString());
    List<Event> refusals = EventTrail.ofType(sidecar.events(), USER, EVENT_TYPE_VERIFY_REJECTED);
    assertThat(refusals)
        .filteredOn(e -> e.getDetailsMap().get("result").equals("REJECTED"))
        .hasSize(TestSidecar.LOCKOUT.threshold());
    // The refusal while locked changes nothing and writes nothing: the lockout event says it all.
    assertThat(refusals)
        .filteredOn(e -> e.getDetailsMap().get("result").equals("LOCKED_OUT"))
        .isEmpty();
    assertThat(lockouts).hasSize(1);
  }

  @Test
  void refusedRecoveryAndTemporaryCodes_leaveEventsSayingWhy() {
    List<String> codes = generate(USER, 0);
    verifyCode(USER, codes.get(0));
    verifyCode(USER, codes.get(0));
    String temporary = reset("user-reset");
    verifyCode("user-reset", temporary);
    verifyCode("user-reset", temporary);
    String expiring = reset("user-late");
    clock.advance(Duration.ofHours(24));
    verifyCode("user-late", expiring);

    assertThat(
            EventTrail.ofType(sidecar.events(), USER, EVENT_TYPE_VERIFY_REPLAYED).stream()
                .map(Event::getDetailsMap))
        .singleElement()
        .satisfies(d -> assertThat(d).containsEntry("factor_type", "RECOVERY_CODES"));
    assertThat(
            EventTrail.ofType(sidecar.events(), "user-reset", EVENT_TYPE_VERIFY_REPLAYED).stream()
                .map(Event::getDetailsMap))
        .singleElement()
        .satisfies(d -> assertThat(d).containsEntry("factor_type", "TEMPORARY_CODE"));
    assertThat(
            EventTrail.ofType(sidecar.events(), "user-late", EVENT_TYPE_VERIFY_REJECTED).stream()
                .map(Event::getDetailsMap))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d)
                    .containsEntry("factor_type", "TEMPORARY_CODE")
                    .containsEntry("result", "EXPIRED"));
  }

  @Test
  void eventActor_isTheCallingService() {
    TestSidecar.as(TestCallers.OTHER_LOGIN, sidecar.devices())
        .rememberDevice(RememberDeviceRequest.newBuilder().setUserId(USER).build());
    sidecar.devices().rememberDevice(RememberDeviceRequest.newBuilder().setUserId(USER).build());

    assertThat(EventTrail.all(sidecar.events(), USER).stream().map(Event::getActor))
        .containsExactly(TestCallers.OTHER_LOGIN, TestCallers.LOGIN);
  }

  @Test
  void listEvents_pagesByAfterIdAndPageSize() {
    for (int i = 0; i < 7; i++) {
      remember(USER, "mine " + i);
      remember("other", "theirs " + i);
    }
    List<Event> all = EventTrail.all(sidecar.events(), "");
    assertThat(all).hasSize(14);

    List<Event> paged = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    long after = 0;
    while (true) {
      ListEventsResponse page = list("", after, 3);
      if (page.getEventsCount() == 0) {
        assertThat(page.getNextAfterId()).as("nothing new: the cursor stays").isEqualTo(after);
        break;
      }
      assertThat(page.getNextAfterId()).isEqualTo(page.getEventsList().getLast().getId());
      assertThat(page.getEvents(0).getId()).isGreaterThan(after);
      sizes.add(page.getEventsCount());
      paged.addAll(page.getEventsList());
      after = page.getNextAfterId();
    }

    assertThat(sizes).containsExactly(3, 3, 3, 3, 2);
    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(paged.stream().map(Event::getId)).isSorted().doesNotHaveDuplicates();
    assertThat(list("", all.get(5).getId(), 4).getEventsList())
        .containsExactlyElementsOf(all.subList(6, 10));
  }

  @Test
  void listEvents_filtersByUser() {
    for (int i = 0; i < 7; i++) {
      remember(USER, "mine " + i);
      remember("other", "theirs " + i);
    }

    List<Event> mine = new ArrayList<>();
    long after = 0;
    for (ListEventsResponse page = list(USER, after, 2);
        page.getEventsCount() > 0;
        page = list(USER, after, 2)) {
      assertThat(page.getEventsCount()).isLessThanOrEqualTo(2);
      mine.addAll(page.getEventsList());
      after = page.getNextAfterId();
    }

    assertThat(mine).hasSize(7).allMatch(e -> e.getUserId().equals(USER));
    assertThat(mine.stream().map(e -> e.getDetailsMap().get("label")))
        .containsExactly("mine 0", "mine 1", "mine 2", "mine 3", "mine 4", "mine 5", "mine 6");
    assertThat(EventTrail.all(sidecar.events(), "other")).hasSize(7);
    assertThat(EventTrail.all(sidecar.events(), "nobody")).isEmpty();
  }

  @Test
  void listEvents_defaultPageIs100() {
    // Spread over users: each may remember a bounded number of devices.
    for (int i = 0; i < 101; i++) {
      remember(USER + "-" + i % 3, "device " + i);
    }

    ListEventsResponse first = list("", 0, 0);
    ListEventsResponse rest = list("", first.getNextAfterId(), 0);

    assertThat(first.getEventsCount()).isEqualTo(100);
    assertThat(rest.getEventsCount()).isEqualTo(1);
  }

  @Test
  void watchEvents_receivesAnEventWrittenThroughAnotherInstance() throws Exception {
    remember(USER, "before the watch");
    long after = EventTrail.lastId(sidecar.events());
    try (TestSidecar replicaB = TestSidecar.start(database.config(), clock);
        EventWatch watch =
            EventWatch.open(
                sidecar.eventsAsync(), WatchEventsRequest.newBuilder().setAfterId(after).build())) {
      RememberDeviceResponse device =
          replicaB
              .devices()
              .rememberDevice(
                  RememberDeviceRequest.newBuilder()
                      .setUserId(USER)
                      .setLabel("written by B")
                      .build());

      Event event = watch.next(ARRIVAL);

      assertThat(event).as("event from replica B within %s", ARRIVAL).isNotNull();
      assertThat(event.getId()).isGreaterThan(after);
      assertThat(event.getType()).isEqualTo(EVENT_TYPE_DEVICE_REMEMBERED);
      assertThat(event.getUserId()).isEqualTo(USER);
      assertThat(event.getDetailsMap())
          .containsAllEntriesOf(Map.of("device_id", device.getDeviceId(), "label", "written by B"));
    }
  }

  @Test
  void watchEvents_resumesAfterTheGivenIdThenFollows() throws Exception {
    for (int i = 1; i <= 5; i++) {
      remember(USER, "device " + i);
    }
    List<Event> all = EventTrail.all(sidecar.events(), "");

    try (EventWatch watch =
        EventWatch.open(
            sidecar.eventsAsync(),
            WatchEventsRequest.newBuilder().setAfterId(all.get(2).getId()).build())) {
      assertThat(watch.next(2, ARRIVAL)).containsExactlyElementsOf(all.subList(3, 5));

      remember(USER, "device 6");

      Event next = watch.next(ARRIVAL);
      assertThat(next).isNotNull();
      assertThat(next.getId()).isGreaterThan(all.get(4).getId());
      assertThat(next.getDetailsMap()).containsEntry("label", "device 6");
      assertThat(watch.next(Duration.ofMillis(300))).as("nothing more").isNull();
    }
  }

  @Test
  void watchEvents_fromTheStartDeliversEveryEventOnce() throws Exception {
    for (int i = 1; i <= 3; i++) {
      remember(USER, "device " + i);
    }
    List<Event> all = EventTrail.all(sidecar.events(), "");

    try (EventWatch watch =
        EventWatch.open(sidecar.eventsAsync(), WatchEventsRequest.getDefaultInstance())) {
      assertThat(watch.next(3, ARRIVAL)).containsExactlyElementsOf(all);
      assertThat(watch.next(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void watchEvents_ofOneUserSkipsOtherUsers() throws Exception {
    try (EventWatch watch =
        EventWatch.open(
            sidecar.eventsAsync(), WatchEventsRequest.newBuilder().setUserId(USER).build())) {
      remember("other", "theirs");
      remember(USER, "mine");
      remember("other", "theirs again");

      Event event = watch.next(ARRIVAL);
      assertThat(event).isNotNull();
      assertThat(event.getUserId()).isEqualTo(USER);
      assertThat(event.getDetailsMap()).containsEntry("label", "mine");
      assertThat(watch.next(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void watchEvents_isNotHeldUpByTheGapsAnErasureLeaves() throws Exception {
    // An erased user's events are deleted from the middle of the trail; a watcher catching up
    // from an older cursor must not wait on each hole as if a transaction were still running.
    for (int i = 0; i < 5; i++) {
      remember("erased", "gone " + i);
      remember(USER, "kept " + i);
    }
    TestSidecar.asAdmin(sidecar.account())
        .deleteUser(DeleteUserRequest.newBuilder().setUserId("erased").build());
    List<Event> all = EventTrail.all(sidecar.events(), "");
    assertThat(all).hasSize(6);

    Instant start = Instant.now();
    try (EventWatch watch =
        EventWatch.open(sidecar.eventsAsync(), WatchEventsRequest.getDefaultInstance())) {
      assertThat(watch.next(6, Duration.ofSeconds(30))).containsExactlyElementsOf(all);
    }
    assertThat(Duration.between(start, Instant.now())).isLessThan(ARRIVAL);
  }

  @Test
  void watchEvents_endsOnTheServerWhenTheClientCancels() throws Exception {
    EventWatch watch =
        EventWatch.open(sidecar.eventsAsync(), WatchEventsRequest.getDefaultInstance());
    remember(USER, "seen");
    assertThat(watch.next(ARRIVAL)).isNotNull();

    watch.close();
    assertThat(watch.end(ARRIVAL)).as("the client sees its own cancel").isNotNull();

    // A graceful stop waits for running calls up to its grace period (2 s in tests): a watch that
    // kept polling after its client left would hold it up that long.
    Instant start = Instant.now();
    sidecar.server().stop();
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(1500));
  }

  // Helpers.

  private ListEventsResponse list(String userId, long afterId, int pageSize) {
    return sidecar
        .events()
        .listEvents(
            ListEventsRequest.newBuilder()
                .setUserId(userId)
                .setAfterId(afterId)
                .setPageSize(pageSize)
                .build());
  }

  private List<String> generate(String user, int count) {
    return sidecar
        .recovery()
        .generateCodes(GenerateCodesRequest.newBuilder().setUserId(user).setCount(count).build())
        .getCodesList();
  }

  private dev.authsidecar.api.v1.VerifyCodeResponse verifyCode(String user, String code) {
    return sidecar
        .account()
        .verifyCode(VerifyCodeRequest.newBuilder().setUserId(user).setCode(code).build());
  }

  private String reset(String user) {
    return TestSidecar.asAdmin(sidecar.account())
        .resetUser(
            ResetUserRequest.newBuilder()
                .setUserId(user)
                .setActor("support@example.com")
                .setReason("ticket 1")
                .build())
        .getTemporaryCode();
  }

  private RememberDeviceResponse remember(String user, String label) {
    return sidecar
        .devices()
        .rememberDevice(RememberDeviceRequest.newBuilder().setUserId(user).setLabel(label).build());
  }
}
