package org.kehou.feedback;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rating fixtures on the shared demo database: a term of demo school1 of its own in a far-future September (named
 * 测试…, eight weeks), published offerings with weekly Monday sessions 15:30–16:30, confirmed places of demo children,
 * and the accounts of the demo. {@link #clean} removes the world's ratings, places and links again.
 */
final class RatingWorld {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	final JdbcClient jdbc;

	final PersonalDataCipher cipher;

	final long school;

	final long term;

	final LocalDate monday;

	final String tag;

	final java.util.Set<Long> used = new java.util.HashSet<>();

	RatingWorld(JdbcClient jdbc, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		this.tag = "R" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		org.kehou.TestTerms.Term made = org.kehou.TestTerms.create(jdbc, school, tag, 2100, 2999, 8, "OPEN");
		this.term = made.id();
		this.monday = made.monday();
	}

	/** After the Monday session of the given week (0 = the first): that many plus one sessions are held. */
	LocalDateTime afterSession(int week) {
		return monday.plusWeeks(week).atTime(17, 0);
	}

	/** A published offering with {@code weeks} weekly Monday sessions, of a provider when not null. */
	long offering(String name, int weeks, @Nullable Long provider) {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, :w, 2000, 1, 500, TRUE,
				        'APPROVED') RETURNING id""")
			.param("s", school)
			.param("n", name + " " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("w", weeks)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long id = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  2000, 60, :w, 'PUBLISHED') RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("p", provider)
			.param("n", name + " " + tag)
			.param("v", "教室 " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("w", weeks)
			.query(Long.class)
			.single();
		for (int week = 0; week < weeks; week++) {
			jdbc.sql("""
					INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
					VALUES (:o, :t, :s, :d, :a, :b, 1)""")
				.param("o", id)
				.param("t", term)
				.param("s", school)
				.param("d", monday.plusWeeks(week))
				.param("a", LocalTime.of(15, 30))
				.param("b", LocalTime.of(16, 30))
				.update();
		}
		return id;
	}

	/** An approved provider of its own. */
	long provider() {
		return jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'APPROVED') RETURNING id")
			.param("n", "测试机构 " + tag + "-" + SEQUENCE.incrementAndGet())
			.query(Long.class)
			.single();
	}

	/** Demo children of school1 with a guardian, not the demo guardians' and not used by this world before. */
	List<Long> children(int count) {
		List<Long> ids = jdbc.sql("""
				SELECT s.id FROM student s WHERE s.school_id = :s AND s.student_no NOT LIKE 'ZT-%' AND s.status = 'ACTIVE'
				  AND EXISTS (SELECT 1 FROM student_guardian g WHERE g.student_id = s.id)
				  AND NOT EXISTS (SELECT 1 FROM student_guardian g WHERE g.student_id = s.id
				                  AND g.guardian_id = ANY(CAST(:demo AS BIGINT[])))
				  AND s.id <> ALL(CAST(:used AS BIGINT[]))
				ORDER BY s.id DESC LIMIT :n""")
			.param("s", school)
			.param("used", used.toArray(Long[]::new))
			.param("demo", demoGuardians())
			.param("n", count)
			.query(Long.class)
			.list();
		used.addAll(ids);
		return ids;
	}

	/** The guardians of the demo's guardian accounts (13800000001, 13800000002): their children are left alone. */
	Long[] demoGuardians() {
		return java.util.stream.Stream.of("13800000001", "13800000002")
			.map(login -> account(login).scope().guardianId())
			.toArray(Long[]::new);
	}

	long child() {
		return children(1).get(0);
	}

	/** A confirmed place of the child in the offering, on the given weekdays only when given. */
	long place(long offering, long student, Integer... days) {
		return jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at, days)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now(), CAST(:d AS SMALLINT[])) RETURNING id""")
			.param("o", offering)
			.param("s", student)
			.param("t", term)
			.param("d", days.length == 0 ? null : days)
			.query(Long.class)
			.single();
	}

	long guardian(long student) {
		return jdbc.sql("SELECT min(guardian_id) FROM student_guardian WHERE student_id = :s")
			.param("s", student)
			.query(Long.class)
			.single();
	}

	/** Links a second guardian (of another child) to the child; removed by {@link #clean}. */
	long secondGuardian(long student) {
		long other = jdbc.sql("""
				SELECT min(guardian_id) FROM student_guardian WHERE guardian_id NOT IN
				  (SELECT guardian_id FROM student_guardian WHERE student_id = :s)""")
			.param("s", student)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO student_guardian (student_id, guardian_id, relation) VALUES (:s, :g, 'OTHER')")
			.param("s", student)
			.param("g", other)
			.update();
		links.add(new long[] { student, other });
		return other;
	}

	final List<long[]> links = new java.util.ArrayList<>();

	/** A guardian as signed in (the account id is only recorded, so a made-up one serves for guardians without one). */
	static KehouUser guardianUser(long guardianId) {
		return new KehouUser(900_000_000L + guardianId, "g" + guardianId, "家长", null, Role.GUARDIAN,
				new Scope(Role.GUARDIAN, null, null, guardianId, null), null, null, false, false, true);
	}

	/** A demo account by login name or phone. */
	KehouUser account(String login) {
		return org.kehou.TestAccounts.account(jdbc, cipher, login);
	}

	/** Removes the world's ratings, places, sessions' places and guardian links: nothing of it shows on others' pages. */
	void clean() {
		jdbc.sql("DELETE FROM offering_rating WHERE term_id = :t").param("t", term).update();
		jdbc.sql("DELETE FROM place WHERE term_id = :t").param("t", term).update();
		for (long[] link : links) {
			jdbc.sql("DELETE FROM student_guardian WHERE student_id = :s AND guardian_id = :g")
				.param("s", link[0])
				.param("g", link[1])
				.update();
		}
		jdbc.sql("UPDATE term SET status = 'CLOSED', closed_at = now() WHERE id = :t").param("t", term).update();
	}
}
