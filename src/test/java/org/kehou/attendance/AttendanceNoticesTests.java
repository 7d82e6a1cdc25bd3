package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The attendance events reach people's inboxes: a child marked absent without leave → each guardian's account, once
 * however often the mark flips; an overdue roll call → the school's after-school administrators; a cancelled session
 * → the guardians of the children on its roll. A child on approved leave is not reported.
 */
@DemoCityTest
class AttendanceNoticesTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RollCalls rollCalls;

	@Autowired
	Leaves leaves;

	@Autowired
	Sessions sessions;

	@Autowired
	ApplicationEventPublisher events;

	AttendanceWorld world;

	long guardianUser;

	long child;

	long onLeave;

	long session;

	@BeforeEach
	void world() {
		world = new AttendanceWorld(jdbc);
		// the demo guardian 13800000001 has an account and two children at school 1
		guardianUser = jdbc.sql("""
				SELECT u.id FROM app_user u WHERE u.role = 'GUARDIAN' AND u.guardian_id IN (
				  SELECT sg.guardian_id FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				  WHERE s.school_id = :s) ORDER BY u.id LIMIT 1""")
			.param("s", world.school).query(Long.class).single();
		List<Long> theirs = jdbc.sql("""
				SELECT sg.student_id FROM student_guardian sg JOIN app_user u ON u.guardian_id = sg.guardian_id
				JOIN student s ON s.id = sg.student_id WHERE u.id = :u AND s.school_id = :s ORDER BY sg.student_id""")
			.param("u", guardianUser).param("s", world.school).query(Long.class).list();
		long offering = world.offering("书法", "1 15:30-16:30");
		child = theirs.get(0);
		world.place(offering, child);
		List<Long> others = world.children(offering, 2);
		onLeave = others.get(0);
		session = world.sessionToday(offering, "23:50", "23:59");
	}

	@Test
	void anAbsenceWithoutLeaveReachesTheGuardiansOnce() {
		leaves.request(onLeave, List.of(session), "看病", null, Sessions.now().toLocalDate().atStartOfDay());
		rollCalls.save(session, "n-1", true, Map.of(child, Mark.ABSENT));
		rollCalls.save(session, "n-2", false, Map.of(child, Mark.PRESENT));
		rollCalls.save(session, "n-3", false, Map.of(child, Mark.ABSENT));

		List<Map<String, Object>> inbox = inbox(guardianUser, "absent-" + session + "-" + child);
		assertThat(inbox).hasSize(1);
		assertThat(inbox.get(0).get("topic")).isEqualTo("attendance.absent");
		assertThat((String) inbox.get(0).get("body")).contains("书法").contains("没有请假");
		assertThat(inbox.get(0).get("link")).isEqualTo("/m/children/" + child + "/attendance");
		assertThat(jdbc.sql("SELECT count(*) FROM inbox_message WHERE dedup_key LIKE :k")
			.param("k", "absent-" + session + "-" + onLeave).query(Integer.class).single()).isZero();
	}

	@Test
	void anOverdueRollCallReachesTheSchoolAdministrators() {
		events.publishEvent(new RollCallOverdue(session, 0, world.school, Sessions.now().toLocalDate(),
				java.time.LocalTime.of(23, 50), 15));
		List<Long> admins = jdbc.sql("SELECT id FROM app_user WHERE school_id = :s AND role = 'SCHOOL_ADMIN' AND enabled")
			.param("s", world.school).query(Long.class).list();
		assertThat(admins).isNotEmpty();
		assertThat(jdbc.sql("SELECT recipient_user_id FROM inbox_message WHERE dedup_key = :k")
			.param("k", "overdue-" + session).query(Long.class).list()).containsExactlyInAnyOrderElementsOf(admins);
	}

	@Test
	void aCancelledSessionReachesTheGuardiansOfTheChildrenOnItsRoll() {
		sessions.cancel(session, "台风停课");
		List<Map<String, Object>> inbox = inbox(guardianUser, "cancelled-" + session + "-" + child);
		assertThat(inbox).hasSize(1);
		assertThat(inbox.get(0).get("topic")).isEqualTo("attendance.session-cancelled");
		assertThat((String) inbox.get(0).get("body")).contains("台风停课").contains("不收费");
	}

	List<Map<String, Object>> inbox(long user, String dedup) {
		return jdbc.sql("SELECT topic, title, body, link FROM inbox_message WHERE recipient_user_id = :u AND dedup_key = :k")
			.param("u", user).param("k", dedup).query().listOfRows();
	}
}
