package org.kehou.browser;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.kehou.identity.PersonalDataCipher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the journeys' browser tests build in demo school1 of the tiny city, each under a tag of its own: a term (named
 * 测试…, as the demo tests expect), children (student numbers ZT-tag-n) linked to the demo guardian
 * 13800000001, a course in the term's programme and a published offering of it. {@link #unlinkChildren()} afterwards
 * gives the demo guardian back its own children only.
 */
final class BrowserWorld {

	static final String GUARDIAN = "13800000001";

	final JdbcClient jdbc;

	final String tag;

	final long school;

	BrowserWorld(JdbcClient jdbc, String prefix) {
		this.jdbc = jdbc;
		this.tag = prefix + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
	}

	/**
	 * An open term from ten days ago to four months ahead. It becomes school1's current
	 * term (the latest to start): tests that need no current term use {@link #futureTerm()}.
	 */
	long term() {
		return term(LocalDate.now().minusDays(10), LocalDate.now().plusMonths(4));
	}

	/** An open term far in the future (a September after 2100), so school1's current term stays the demo's. */
	long futureTerm() {
		LocalDate first = LocalDate.of(ThreadLocalRandom.current().nextInt(2100, 2999), 9, 1);
		return term(first, first.plusMonths(4));
	}

	/** A term of the dates in a school year of its own (a random label: one term per school, year and semester). */
	private long term(LocalDate from, LocalDate to) {
		int year = ThreadLocalRandom.current().nextInt(2100, 9000);
		return jdbc.sql("""
				INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
				VALUES (:s, :n, :y, 1, :from, :to, 'OPEN') RETURNING id""")
			.param("s", school)
			.param("n", "测试学期 " + tag)
			.param("y", year + "-" + (year + 1))
			.param("from", from)
			.param("to", to)
			.query(Long.class)
			.single();
	}

	/** Children 测试tag-1 … n in the school's first class, the demo guardian's (its primary guardian). */
	List<Long> children(int count, PersonalDataCipher cipher) {
		long classId = jdbc.sql("""
				SELECT c.id FROM school_class c JOIN grade g ON g.id = c.grade_id WHERE c.school_id = :s
				ORDER BY g.level, c.id LIMIT 1""").param("s", school).query(Long.class).single();
		List<Long> children = jdbc.sql("""
				INSERT INTO student (school_id, class_id, student_no, name, gender)
				SELECT :s, :c, 'ZT-' || :tag || '-' || n, '测试' || :tag || '-' || n, 'F' FROM generate_series(1, :n) AS n
				ORDER BY n RETURNING id""")
			.param("s", school).param("c", classId).param("tag", tag).param("n", count)
			.query(Long.class).list();
		long guardian = jdbc.sql("SELECT id FROM guardian WHERE phone_hash = :h")
			.param("h", cipher.phoneHash(GUARDIAN)).query(Long.class).single();
		for (long child : children) {
			jdbc.sql("INSERT INTO student_guardian (student_id, guardian_id, relation, is_primary) VALUES (:c, :g, 'MOTHER', TRUE)")
				.param("c", child).param("g", guardian).update();
		}
		return children;
	}

	/** A school course 书法 tag in the term's programme and a published offering of it (no slots, no teachers). */
	long offering(long term, int capacity) {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, 16, 2000, 1, 500, TRUE,
				        'APPROVED') RETURNING id""")
			.param("s", school).param("n", "书法 " + tag).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		return jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, name, kind, category_code, venue, min_capacity,
				  capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :n, 'COURSE', 'ARTS', :v, 1, :cap, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  2000, 60, 16, 'PUBLISHED') RETURNING id""")
			.param("t", term).param("s", school).param("c", course).param("n", "书法 " + tag).param("v", "书法室 " + tag)
			.param("cap", capacity)
			.query(Long.class).single();
	}

	/** The demo guardian's links to the children made here are removed. */
	void unlinkChildren() {
		jdbc.sql("DELETE FROM student_guardian WHERE student_id IN (SELECT id FROM student WHERE student_no LIKE :t)")
			.param("t", "ZT-" + tag + "-%").update();
	}
}
