package org.kehou.feedback;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.ThreadLocalRandom;

import org.kehou.identity.KehouUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Fixtures for complaints on the shared demo database: a far-future term of school1 (named 测试…) with one offering of
 * a provider of its own, in which the demo guardian's first child holds a confirmed place. {@link #clean} removes the
 * complaints of the child and the place, so other tests listing the child's data see nothing of these.
 */
final class ComplaintWorld {

	final JdbcClient jdbc;

	final long school;

	final long term;

	final long offering;

	final long provider;

	final long child;

	final String tag;

	ComplaintWorld(JdbcClient jdbc, KehouUser guardian) {
		this.jdbc = jdbc;
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		this.tag = "C" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		this.child = jdbc.sql("""
				SELECT min(sg.student_id) FROM student_guardian sg JOIN student s ON s.id = sg.student_id
				WHERE sg.guardian_id = :g AND s.school_id = :s""")
			.param("g", guardian.scope().guardianId())
			.param("s", school)
			.query(Long.class)
			.single();
		Long id = null;
		while (id == null) {
			int year = ThreadLocalRandom.current().nextInt(2100, 2999);
			LocalDate first = LocalDate.of(year, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
			id = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					VALUES (:s, :n, :y, 1, :from, :to, 'OPEN')
					ON CONFLICT (school_id, school_year, semester) DO NOTHING RETURNING id""")
				.param("s", school)
				.param("n", "测试学期 " + tag)
				.param("y", year + "-" + (year + 1))
				.param("from", first)
				.param("to", first.plusWeeks(4))
				.query(Long.class)
				.optional()
				.orElse(null);
		}
		this.term = id;
		this.provider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'SUBMITTED') RETURNING id")
			.param("n", "测试投诉机构 " + tag)
			.query(Long.class)
			.single();
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, 16, 2000, 1, 500, TRUE,
				        'APPROVED') RETURNING id""")
			.param("s", school)
			.param("n", "测试投诉课程 " + tag)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		this.offering = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  2000, 60, 16, 'PUBLISHED') RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("p", provider)
			.param("n", "测试投诉课程 " + tag)
			.param("v", "教室 " + tag)
			.query(Long.class)
			.single();
		jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now())""")
			.param("o", offering)
			.param("s", child)
			.param("t", term)
			.update();
	}

	/** Removes the child's complaints (inbox notices stay: their deliveries may still be running). */
	void cleanComplaints() {
		jdbc.sql("DELETE FROM complaint WHERE student_id = :s").param("s", child).update();
	}

	void clean() {
		cleanComplaints();
		jdbc.sql("DELETE FROM place WHERE offering_id = :o").param("o", offering).update();
	}

	int count(String sql, Object param) {
		return jdbc.sql(sql).param("p", param).query(Integer.class).single();
	}

	static void signIn(KehouUser user) {
		SecurityContextHolder.getContext()
			.setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
	}
}
