package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.organisation.Terms;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Instructor check-in on the real database: the QR code's token (current window, the previous one, expired, another
 * session's), the session's hours, only an instructor who teaches the offering, a double check-in (also two at once)
 * makes one record, check-out only after check-in, and the missing check-in sweep alerting the school admin exactly
 * once (and not for a session whose instructor checked in). Sessions lie late in the evening so the running
 * application's own sweeps do not reach them first; times are passed explicitly.
 */
@DemoCityTest
class CheckInTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CheckIns checkIns;

	@Autowired
	Sessions sessions;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	@Autowired
	ApplicationContext context;

	AttendanceWorld world;

	LocalDate today;

	long provider;

	long instructor;

	long offering;

	long session;

	KehouUser me;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		today = Sessions.now().toLocalDate();
		provider = world.provider();
		instructor = world.instructor(provider, cipher, "陈老师");
		offering = world.offering("机器人", "1 15:30-16:30");
		world.instruct(offering, instructor);
		session = world.session(offering, today, "23:20", "23:50");
		me = world.instructorAccount(provider, instructor);
	}

	static Instant at(LocalDate date, int hour, int minute) {
		return LocalDateTime.of(date, java.time.LocalTime.of(hour, minute)).atZone(Terms.CITY_ZONE).toInstant();
	}

	@Test
	void theCodeIsValidForItsWindowAndTheNextOnlyAndForItsSessionOnly() {
		Instant shown = at(today, 23, 10);
		String code = checkIns.code(session, shown).code();
		assertThat(checkIns.valid(session, code, shown)).isTrue();
		assertThat(checkIns.valid(session, code, shown.plusSeconds(60))).as("the previous window").isTrue();
		assertThat(checkIns.valid(session, code, shown.plusSeconds(125))).as("two windows later").isFalse();
		assertThat(checkIns.valid(session, code, shown.minusSeconds(120))).as("before it was drawn").isFalse();
		assertThat(checkIns.valid(session, (code.charAt(0) == 'A' ? "B" : "A") + code.substring(1), shown)).isFalse();
		assertThat(checkIns.valid(session, null, shown)).isFalse();

		long other = world.session(offering, today, "23:30", "23:55");
		String otherCode = checkIns.code(other, shown).code();
		assertThat(otherCode).isNotEqualTo(code);
		assertThat(checkIns.valid(session, otherCode, shown)).as("another session's code").isFalse();
		assertThat(checkIns.code(session, shown).path()).isEqualTo("/m/sessions/" + session + "/check-in?code=" + code);

		Instant late = shown.plusSeconds(300);
		assertThatThrownBy(() -> checkIns.checkIn(session, code, me, late))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.CODE_INVALID));
		assertThat(checkIns.ofSession(session)).isEmpty();
	}

	@Test
	void checkInIsOpenFromHalfAnHourBeforeTheStartToHalfAnHourAfterTheEnd() {
		long tomorrow = world.session(offering, today.plusDays(1), "15:30", "16:30");
		Instant early = at(today.plusDays(1), 14, 59);
		String code = checkIns.code(tomorrow, early).code();
		assertThat(checkIns.code(tomorrow, early).open()).isFalse();
		assertThatThrownBy(() -> checkIns.checkIn(tomorrow, code, me, early))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.NOT_OPEN));
		Instant open = at(today.plusDays(1), 15, 0);
		CheckIns.Done done = checkIns.checkIn(tomorrow, checkIns.code(tomorrow, open).code(), me, open);
		assertThat(done.replay()).isFalse();
		assertThat(done.checkIn().checkedInAt()).isEqualTo(LocalDateTime.of(today.plusDays(1), java.time.LocalTime.of(15, 0)));
		Instant after = at(today.plusDays(1), 17, 1);
		assertThatThrownBy(() -> checkIns.checkOut(tomorrow, checkIns.code(tomorrow, after).code(), me, after))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.NOT_OPEN));
		Instant end = at(today.plusDays(1), 16, 59);
		assertThat(checkIns.checkOut(tomorrow, checkIns.code(tomorrow, end).code(), me, end).checkIn().checkedOutAt())
			.isEqualTo(LocalDateTime.of(today.plusDays(1), java.time.LocalTime.of(16, 59)));
	}

	@Test
	void onlyAnInstructorWhoTeachesTheOfferingChecksIn() {
		Instant now = at(today, 23, 15);
		String code = checkIns.code(session, now).code();
		long colleague = world.instructor(provider, cipher, "李老师");
		KehouUser other = world.instructorAccount(provider, colleague);
		assertThatThrownBy(() -> checkIns.checkIn(session, code, other, now))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.NOT_TEACHING));
		KehouUser unlinked = world.instructorAccount(provider, null);
		assertThatThrownBy(() -> checkIns.checkIn(session, code, unlinked, now))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.NOT_LINKED));
		KehouUser teacher = (KehouUser) users.loadUserByUsername("teacher1");
		assertThatThrownBy(() -> checkIns.checkIn(session, code, teacher, now))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.NOT_LINKED));
		assertThat(checkIns.ofSession(session)).isEmpty();

		jdbc.sql("UPDATE class_session SET status = 'CANCELLED' WHERE id = :s").param("s", session).update();
		assertThatThrownBy(() -> checkIns.checkIn(session, code, me, now))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.NOT_SCHEDULED));
	}

	@Test
	void aDoubleCheckInMakesOneRecordEvenAtOnce() throws Exception {
		Instant now = at(today, 23, 15);
		String code = checkIns.code(session, now).code();
		CountDownLatch start = new CountDownLatch(1);
		CompletableFuture<CheckIns.Done> a = CompletableFuture.supplyAsync(() -> {
			await(start);
			return checkIns.checkIn(session, code, me, now);
		});
		CompletableFuture<CheckIns.Done> b = CompletableFuture.supplyAsync(() -> {
			await(start);
			return checkIns.checkIn(session, code, me, now.plusSeconds(1));
		});
		start.countDown();
		List<CheckIns.Done> both = List.of(a.get(), b.get());
		assertThat(both).extracting(CheckIns.Done::replay).containsExactlyInAnyOrder(false, true);
		assertThat(both.get(0).checkIn()).isEqualTo(both.get(1).checkIn());
		assertThat(world.count("SELECT count(*) FROM instructor_check_in WHERE session_id = :p", session)).isEqualTo(1);
		assertThat(checkIns.checkIn(session, code, me, now.plusSeconds(30)).replay()).isTrue();
		assertThat(world.count("SELECT count(*) FROM audit_event WHERE action = 'instructor.check-in' AND target_id = CAST(:p AS TEXT)",
				session)).isEqualTo(1);
		CheckIns.CheckIn recorded = checkIns.ofSession(session).get(0);
		assertThat(recorded.instructorId()).isEqualTo(instructor);
		assertThat(recorded.providerId()).isEqualTo(provider);
		assertThat(recorded.schoolId()).isEqualTo(world.school);
		assertThat(checkIns.ofProvider(provider, today.minusDays(1), today)).containsExactly(recorded);
		assertThat(checkIns.ofProvider(provider, today.plusDays(1), today.plusDays(2))).isEmpty();
		assertThatThrownBy(() -> checkIns.ofProvider(provider, today, today.minusDays(1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void checkOutOnlyAfterCheckInAndOnce() {
		Instant now = at(today, 23, 15);
		String code = checkIns.code(session, now).code();
		assertThatThrownBy(() -> checkIns.checkOut(session, code, me, now))
			.isInstanceOfSatisfying(CheckInRefused.class, e -> assertThat(e.reason()).isEqualTo(CheckInRefused.Reason.NOT_CHECKED_IN));
		checkIns.checkIn(session, code, me, now);
		Instant end = at(today, 23, 50);
		String endCode = checkIns.code(session, end).code();
		CheckIns.Done out = checkIns.checkOut(session, endCode, me, end);
		assertThat(out.replay()).isFalse();
		assertThat(out.checkIn().checkedOutAt()).isEqualTo(today.atTime(23, 50));
		CheckIns.Done again = checkIns.checkOut(session, endCode, me, end.plusSeconds(20));
		assertThat(again.replay()).isTrue();
		assertThat(again.checkIn().checkedOutAt()).isEqualTo(today.atTime(23, 50));
		assertThat(world.count("SELECT count(*) FROM audit_event WHERE action = 'instructor.check-out' AND target_id = CAST(:p AS TEXT)",
				session)).isEqualTo(1);
	}

	@Test
	void aMissingCheckInAlertsTheSchoolAdminOnceAndACheckedInSessionDoesNot() throws Exception {
		long checkedIn = world.session(offering, today, "23:25", "23:55");
		Instant now = at(today, 23, 20);
		checkIns.checkIn(checkedIn, checkIns.code(checkedIn, now).code(), me, now);
		long staffOnly = world.offering("书法", "1 15:30-16:30");
		world.teach(staffOnly, "teacher1");
		long noInstructor = world.session(staffOnly, today, "23:20", "23:50");

		Object sweep = context.getBean("checkInSweep");
		LocalDateTime tooEarly = today.atTime(23, 29);
		ReflectionTestUtils.invokeMethod(sweep, "raiseMissing", tooEarly);
		assertThat(alerts(session)).as("9 minutes after the start").isZero();

		LocalDateTime late = today.atTime(23, 40);
		CompletableFuture<Object> a = CompletableFuture.supplyAsync(() -> ReflectionTestUtils.invokeMethod(sweep, "raiseMissing", late));
		CompletableFuture<Object> b = CompletableFuture.supplyAsync(() -> ReflectionTestUtils.invokeMethod(sweep, "raiseMissing", late));
		a.get();
		b.get();
		ReflectionTestUtils.invokeMethod(sweep, "raiseMissing", late.plusMinutes(5));
		assertThat(alerts(session)).isOne();
		long admin = jdbc.sql("SELECT id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		List<String> bodies = jdbc.sql("""
				SELECT body FROM inbox_message WHERE recipient_user_id = :u AND topic = 'attendance.checkin-missing'
				  AND dedup_key = :k""")
			.param("u", admin)
			.param("k", "checkin-missing-" + session)
			.query(String.class)
			.list();
		assertThat(bodies).hasSize(1);
		assertThat(bodies.get(0)).contains("机器人").contains("陈老师").contains("23:20");
		assertThat(alerts(checkedIn)).as("checked in").isZero();
		assertThat(alerts(noInstructor)).as("taught by school staff").isZero();
		assertThat(checkIns.schoolSheet(world.school, today))
			.filteredOn(l -> l.session().id() == session)
			.singleElement()
			.satisfies(l -> {
				assertThat(l.alerted()).isTrue();
				assertThat(l.complete()).isFalse();
			});
		assertThat(checkIns.providerSheet(provider, today))
			.extracting(l -> l.session().id())
			.contains(session, checkedIn)
			.doesNotContain(noInstructor);
	}

	@Test
	void anInstructorSeesOnlyTheSessionsTheyTeach() {
		long notMine = world.offering("篮球", "2 15:30-16:30");
		long other = world.session(notMine, today, "23:20", "23:50");
		world.instruct(notMine, world.instructor(provider, cipher, "王老师"));
		assertThat(sessions.ofDay(me, today)).extracting(SessionView::id).contains(session).doesNotContain(other);
		assertThat(checkIns.mine(me, today)).extracting(m -> m.session().id()).contains(session).doesNotContain(other);
		KehouUser unlinked = world.instructorAccount(provider, null);
		assertThat(sessions.ofDay(unlinked, today)).isEmpty();
		assertThat(checkIns.mine(unlinked, today)).isEmpty();
	}

	private int alerts(long sessionId) {
		return world.count("SELECT count(*) FROM check_in_missing_alert WHERE session_id = :p", sessionId);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
