package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Generation on a real term calendar, idempotency, timetable changes, cancelling and rescheduling. */
@DemoCityTest
@RecordApplicationEvents
class SessionTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Sessions sessions;

	@Autowired
	ApplicationEvents events;

	AttendanceWorld world;

	long offering;

	LocalDate m;

	LocalDateTime beforeTerm;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		m = world.monday;
		world.day(m.plusDays(2), "HOLIDAY", null);
		world.day(m.plusDays(6), "SWAPPED_DAY", 1);
		world.day(m.plusDays(12), "MAKEUP_DAY", 3);
		world.day(m.plusDays(18), "NO_SERVICE", null);
		offering = world.offering("书法", "1 15:30-16:30", "3 16:00-17:00", "5 15:30-16:30");
		beforeTerm = m.minusDays(3).atTime(9, 0);
	}

	List<String> rows() {
		return jdbc.sql("""
				SELECT (session_date - CAST(:m AS DATE)) || ' ' || to_char(starts_at, 'HH24:MI') || ' ' || timetable_weekday
				  || ' ' || status FROM class_session WHERE offering_id = :o ORDER BY session_date, starts_at""")
			.param("m", m)
			.param("o", offering)
			.query(String.class)
			.list();
	}

	@Test
	void generatesTheTermFromTheTimetableAndTheCalendarOnceOnly() {
		Sessions.Generated first = sessions.generate(offering, beforeTerm);
		assertThat(first.inserted()).isEqualTo(12);
		assertThat(rows()).containsExactly("0 15:30 1 SCHEDULED", "4 15:30 5 SCHEDULED", "6 15:30 1 SCHEDULED",
				"7 15:30 1 SCHEDULED", "9 16:00 3 SCHEDULED", "11 15:30 5 SCHEDULED", "12 16:00 3 SCHEDULED",
				"14 15:30 1 SCHEDULED", "16 16:00 3 SCHEDULED", "21 15:30 1 SCHEDULED", "23 16:00 3 SCHEDULED",
				"25 15:30 5 SCHEDULED");
		List<Long> ids = jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o ORDER BY id").param("o", offering)
			.query(Long.class).list();

		Sessions.Generated again = sessions.generate(offering, beforeTerm);
		assertThat(again.inserted()).isZero();
		assertThat(again.removed()).isZero();
		assertThat(jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o ORDER BY id").param("o", offering)
			.query(Long.class).list()).isEqualTo(ids);
		assertThat(sessions.generateTerm(world.term, beforeTerm).inserted()).isZero();
	}

	@Test
	void aTimetableChangeRegeneratesOnlyFutureSessionsWithoutRollCall() {
		sessions.generate(offering, beforeTerm);
		long rolled = jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o AND session_date = :d")
			.param("o", offering).param("d", m.plusDays(25)).query(Long.class).single();
		jdbc.sql("UPDATE class_session SET roll_taken_at = now() WHERE id = :id").param("id", rolled).update();
		jdbc.sql("UPDATE offering_slot SET starts_at = '16:00', ends_at = '17:00' WHERE offering_id = :o AND weekday = 5")
			.param("o", offering).update();

		LocalDateTime midTerm = m.plusDays(10).atTime(12, 0);
		Sessions.Generated changed = sessions.generate(offering, midTerm);

		assertThat(changed.removed()).isEqualTo(1); // day 11 at 15:30; day 4 is past, day 25 has its roll call
		assertThat(rows()).filteredOn(r -> r.endsWith(" 5 SCHEDULED"))
			.containsExactly("4 15:30 5 SCHEDULED", "11 16:00 5 SCHEDULED", "25 15:30 5 SCHEDULED", "25 16:00 5 SCHEDULED");
		assertThat(sessions.generate(offering, midTerm)).isEqualTo(new Sessions.Generated(1, 0, 0));
	}

	@Test
	void aCancelledSessionIsRecordedAnnouncedAndNotCancelledTwice() {
		sessions.generate(offering, beforeTerm);
		long id = sessionOn(7);
		SessionView cancelled = sessions.cancel(id, "台风");
		assertThat(cancelled.status()).isEqualTo(SessionStatus.CANCELLED);
		assertThat(cancelled.reason()).isEqualTo("台风");
		assertThat(events.stream(SessionCancelled.class).filter(e -> e.sessionId() == id)).hasSize(1);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'session.cancel' AND target_id = :id")
			.param("id", String.valueOf(id)).query(Integer.class).single()).isEqualTo(1);
		assertThatThrownBy(() -> sessions.cancel(id, "again")).isInstanceOf(AttendanceRefused.class)
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.NOT_SCHEDULED);
		assertThatThrownBy(() -> sessions.cancel(sessionOn(14), " ")).isInstanceOf(IllegalArgumentException.class);
		// regeneration keeps the school's decision
		sessions.generate(offering, beforeTerm);
		assertThat(rows()).contains("7 15:30 1 CANCELLED");
	}

	@Test
	void aSessionMovesToAServiceDayInsideTheWindowOnly() {
		sessions.generate(offering, beforeTerm);
		long id = sessionOn(7);
		LocalTime a = LocalTime.of(16, 40);
		LocalTime b = LocalTime.of(17, 20);
		assertThatThrownBy(() -> sessions.reschedule(id, m.plusDays(2), a, b, "补上", beforeTerm))
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.NOT_A_SERVICE_DAY);   // the holiday
		assertThatThrownBy(() -> sessions.reschedule(id, m.plusDays(5), a, b, "补上", beforeTerm))
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.NOT_A_SERVICE_DAY);   // a plain Saturday
		assertThatThrownBy(() -> sessions.reschedule(id, m.plusDays(8), LocalTime.of(8, 0), LocalTime.of(9, 0), "补上", beforeTerm))
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.OUTSIDE_WINDOW);
		assertThatThrownBy(() -> sessions.reschedule(id, m.plusDays(11), LocalTime.of(15, 30), LocalTime.of(16, 30), "补上", beforeTerm))
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.TAKEN);              // Friday's own session
		assertThatThrownBy(() -> sessions.reschedule(id, m.plusDays(8), b, a, "补上", beforeTerm))
			.isInstanceOf(IllegalArgumentException.class);

		SessionView moved = sessions.reschedule(id, m.plusDays(6), a, b, "运动会", beforeTerm); // the 调休 Sunday
		assertThat(moved.rescheduledFrom()).isEqualTo(id);
		assertThat(moved.timetableWeekday()).isEqualTo(1);
		assertThat(sessions.find(id).orElseThrow().status()).isEqualTo(SessionStatus.RESCHEDULED);
		assertThat(events.stream(SessionRescheduled.class).filter(e -> e.sessionId() == id && e.newSessionId() == moved.id()))
			.hasSize(1);
		sessions.generate(offering, beforeTerm);
		assertThat(rows()).contains("6 15:30 1 SCHEDULED", "6 16:40 1 SCHEDULED", "7 15:30 1 RESCHEDULED");
	}

	@Test
	void aSessionDoesNotMoveIntoATakenVenueOrTeacher() {
		long sameRoom = world.offering("围棋", "2 15:30-16:30");
		jdbc.sql("UPDATE offering SET venue = (SELECT venue FROM offering WHERE id = :a) WHERE id = :b")
			.param("a", offering).param("b", sameRoom).update();
		jdbc.sql("UPDATE offering_slot SET venue_key = (SELECT venue_key FROM offering_slot WHERE offering_id = :a LIMIT 1) "
				+ "WHERE offering_id = :b").param("a", offering).param("b", sameRoom).update();
		long sameTeacher = world.offering("舞蹈", "4 15:30-16:30");
		world.teach(offering, "teacher1");
		world.teach(sameTeacher, "teacher1");
		sessions.generate(offering, beforeTerm);
		sessions.generate(sameRoom, beforeTerm);
		sessions.generate(sameTeacher, beforeTerm);
		long id = sessionOn(7);
		LocalTime a = LocalTime.of(16, 0);
		LocalTime b = LocalTime.of(17, 0);

		assertThatThrownBy(() -> sessions.reschedule(id, m.plusDays(8), a, b, "补上", beforeTerm))
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.VENUE_BUSY);   // Tuesday: 围棋 in the same room
		assertThatThrownBy(() -> sessions.reschedule(id, m.plusDays(10), a, b, "补上", beforeTerm))
			.extracting("reason").isEqualTo(AttendanceRefused.Reason.TEACHER_BUSY); // Thursday: teacher1 teaches 舞蹈
		assertThat(sessions.find(id).orElseThrow().status()).isEqualTo(SessionStatus.SCHEDULED);

		// once the other session is cancelled, the room is free that day
		long tuesday = jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o AND session_date = :d")
			.param("o", sameRoom).param("d", m.plusDays(8)).query(Long.class).single();
		sessions.cancel(tuesday, "停课");
		assertThat(sessions.reschedule(id, m.plusDays(8), a, b, "补上", beforeTerm).date()).isEqualTo(m.plusDays(8));
	}

	@Test
	void aCancelledOfferingCancelsItsFutureSessions() {
		sessions.generate(offering, beforeTerm);
		jdbc.sql("UPDATE offering SET status = 'CANCELLED' WHERE id = :o").param("o", offering).update();
		sessions.generate(offering, beforeTerm);
		assertThat(rows()).allMatch(r -> r.endsWith("CANCELLED")).hasSize(12);
	}

	long sessionOn(int day) {
		return jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o AND session_date = :d AND rescheduled_from IS NULL")
			.param("o", offering).param("d", m.plusDays(day)).query(Long.class).single();
	}
}
