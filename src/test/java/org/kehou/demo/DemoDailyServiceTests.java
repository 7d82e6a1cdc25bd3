package org.kehou.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kehou.attendance.Sessions;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo city with school1's daily service (as {@code ./mvnw spring-boot:run} starts it): two published offerings
 * of the current term, one after the other every school day (teacher1's; instructor1's with teacher1), children
 * placed (the demo guardian's first), and their sessions generated from the term calendar, so that teacher1 and
 * instructor1 have sessions on every coming school day.
 */
@SpringBootTest(properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901",
		"kehou.demo.daily-service=true" })
@ActiveProfiles("test")
class DemoDailyServiceTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Sessions sessions;

	@Autowired
	UserDetailsService users;

	@Test
	void school1RunsItsServiceEverySchoolDayWithTeacher1AndInstructor1() {
		long school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		// the demo term is 2026-09-01 – 2027-01-22: outside it there is no current term and nothing to run
		org.junit.jupiter.api.Assumptions.assumeTrue(jdbc.sql(
				"SELECT count(*) FROM term WHERE school_id = :s AND :d BETWEEN starts_on AND ends_on")
			.param("s", school).param("d", Sessions.now().toLocalDate()).query(Integer.class).single() > 0,
				"no current demo term");
		List<String> offerings = jdbc.sql("""
				SELECT o.name || '|' || o.status || '|' || ot.teacher_key FROM offering o
				JOIN offering_teacher ot ON ot.offering_id = o.id WHERE o.school_id = :s ORDER BY o.id""")
			.param("s", school).query(String.class).list();
		assertThat(offerings).hasSize(3).allMatch(o -> o.contains("|PUBLISHED|")); // teacher1 also in the second
		long teacherStaff = jdbc.sql("SELECT staff_id FROM app_user WHERE username = 'teacher1'").query(Long.class).single();
		long instructor = jdbc.sql("SELECT instructor_id FROM app_user WHERE username = 'instructor1'").query(Long.class).single();
		assertThat(offerings).anyMatch(o -> o.endsWith("|S" + teacherStaff)).anyMatch(o -> o.endsWith("|I" + instructor));

		long guardianChildrenPlaced = jdbc.sql("""
				SELECT count(*) FROM place p JOIN student_guardian sg ON sg.student_id = p.student_id
				JOIN app_user u ON u.guardian_id = sg.guardian_id AND u.username IS NULL AND u.password_hash IS NOT NULL
				JOIN offering o ON o.id = p.offering_id WHERE o.school_id = :s AND p.status = 'CONFIRMED'""")
			.param("s", school).query(Long.class).single();
		assertThat(guardianChildrenPlaced).isPositive();
		assertThat(jdbc.sql("SELECT count(*) FROM place p JOIN offering o ON o.id = p.offering_id WHERE o.school_id = :s AND p.status = 'CONFIRMED'")
			.param("s", school).query(Long.class).single()).isGreaterThan(10);

		// sessions come from the OfferingPublished listener, after the commit
		LocalDate next = Sessions.now().toLocalDate().plusDays(1);
		while (next.getDayOfWeek() == DayOfWeek.SATURDAY || next.getDayOfWeek() == DayOfWeek.SUNDAY) {
			next = next.plusDays(1);
		}
		KehouUser teacher = (KehouUser) users.loadUserByUsername("teacher1");
		KehouUser instructor1 = (KehouUser) users.loadUserByUsername("instructor1");
		// each offering's sessions are generated in one transaction: once both offerings have some, all are there
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
				SELECT count(DISTINCT cs.offering_id) FROM class_session cs JOIN offering o ON o.id = cs.offering_id
				WHERE o.school_id = :s""").param("s", school).query(Long.class).single() == 2);
		long term = jdbc.sql("SELECT DISTINCT term_id FROM offering WHERE school_id = :s").param("s", school)
			.query(Long.class).single();
		LocalDate termEnd = jdbc.sql("SELECT ends_on FROM term WHERE id = :t").param("t", term).query(LocalDate.class).single();
		if (!next.isAfter(termEnd)) { // a school day of the term (unless a holiday): both teach
			boolean serviceDay = jdbc.sql("SELECT count(*) FROM term_day WHERE term_id = :t AND day = :d")
				.param("t", term).param("d", next).query(Integer.class).single() == 0;
			if (serviceDay) {
				assertThat(sessions.ofDay(teacher, next)).hasSize(2); // their own course, then the institution's
				assertThat(sessions.ofDay(instructor1, next)).hasSize(1);
			}
		}
		assertThat(jdbc.sql("SELECT count(*) FROM class_session cs JOIN offering o ON o.id = cs.offering_id WHERE o.school_id = :s")
			.param("s", school).query(Long.class).single()).isPositive();
	}
}
