package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixtures for attendance on the shared demo database, in a term of their own (named 测试…, as DemoCityTests
 * expects of test terms): a four-week term of demo school1 in a far-future September (so every session is still to
 * come), published offerings with weekly slots in venues of their own, demo children with confirmed places, a teacher,
 * and sessions dated today (outside the term) for roll calls. Calendar exceptions on Saturdays are avoided for 调休
 * (DemoCityTests counts the demo's Saturday 调休 days).
 */
final class AttendanceWorld {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	final JdbcClient jdbc;

	final long school;

	final long term;

	final LocalDate monday;

	final String tag;

	AttendanceWorld(JdbcClient jdbc) {
		this(jdbc, "school1");
	}

	/** The same fixture at the school of another demo school admin (e.g. school2). */
	AttendanceWorld(JdbcClient jdbc, String schoolAdmin) {
		this.jdbc = jdbc;
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = :u").param("u", schoolAdmin)
			.query(Long.class).single();
		this.tag = "A" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		org.kehou.TestTerms.Term made = org.kehou.TestTerms.create(jdbc, school, tag, 2100, 2999, 4, "OPEN");
		this.term = made.id();
		this.monday = made.monday();
	}

	/** A calendar exception, written directly (no event: tests generate explicitly). */
	void day(LocalDate date, String kind, Integer follows) {
		jdbc.sql("INSERT INTO term_day (term_id, day, kind, follows_weekday) VALUES (:t, :d, :k, :f)")
			.param("t", term)
			.param("d", date)
			.param("k", kind)
			.param("f", follows)
			.update();
	}

	/** A published offering of school1 for every grade, with slots "weekday HH:MM-HH:MM". */
	long offering(String name, String... slots) {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, 16, 2000, 1, 500, TRUE,
				        'APPROVED') RETURNING id""")
			.param("s", school)
			.param("n", name + " " + tag)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long id = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, name, kind, category_code, venue, min_capacity,
				  capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  2000, 60, 16, 'PUBLISHED') RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("n", name + " " + tag)
			.param("v", "教室 " + tag + "-" + SEQUENCE.incrementAndGet())
			.query(Long.class)
			.single();
		for (String slot : slots) {
			slot(id, slot);
		}
		return id;
	}

	void slot(long offering, String slot) {
		String[] parts = slot.split("[ -]");
		jdbc.sql("""
				INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
				SELECT id, term_id, venue, :w, :a, :b FROM offering WHERE id = :o""")
			.param("o", offering)
			.param("w", Integer.parseInt(parts[0]))
			.param("a", LocalTime.parse(parts[1]))
			.param("b", LocalTime.parse(parts[2]))
			.update();
	}

	/** Assigns the staff member of a demo account (e.g. teacher1) to the offering. */
	void teach(long offering, String login) {
		jdbc.sql("""
				INSERT INTO offering_teacher (offering_id, teacher_key, staff_id)
				SELECT :o, 'S' || staff_id, staff_id FROM app_user WHERE username = :u""")
			.param("o", offering)
			.param("u", login)
			.update();
	}

	/** Students the fixture never picks (e.g. the demo guardian's children, placed by hand in a test). */
	final java.util.Set<Long> reserved = new java.util.HashSet<>();

	/**
	 * Demo children of school1 given a confirmed place in the offering. Existing demo children, not new ones:
	 * DemoCityTests checks every student's ID number and may run after these tests in the shared database.
	 */
	List<Long> children(long offering, int count) {
		List<Long> ids = jdbc.sql("""
				SELECT id FROM student s WHERE school_id = :s AND student_no NOT LIKE 'ZT-%' AND status = 'ACTIVE'
				  AND id <> ALL(CAST(:reserved AS BIGINT[]))
				  AND NOT EXISTS (SELECT 1 FROM place p WHERE p.offering_id = :o AND p.student_id = s.id)
				ORDER BY id DESC LIMIT :n""")
			.param("s", school)
			.param("reserved", reserved.toArray(Long[]::new))
			.param("o", offering)
			.param("n", count)
			.query(Long.class)
			.list();
		ids.forEach(student -> place(offering, student));
		return ids;
	}

	void place(long offering, long student) {
		jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now())""")
			.param("o", offering)
			.param("s", student)
			.param("t", term)
			.update();
	}

	/** A scheduled session of the offering today (city time) at the given time. */
	long sessionToday(long offering, String starts, String ends) {
		return jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
				SELECT id, term_id, school_id, :d, :a, :b, 1 FROM offering WHERE id = :o RETURNING id""")
			.param("o", offering)
			.param("d", Sessions.now().toLocalDate())
			.param("a", LocalTime.parse(starts))
			.param("b", LocalTime.parse(ends))
			.query(Long.class)
			.single();
	}

	// --- instructors (check-in) ----------------------------------------------------------------------------------

	/** A provider of its own (submitted; enough for check-in, which does not look at admission). */
	long provider() {
		return jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'SUBMITTED') RETURNING id")
			.param("n", "测试机构 " + tag + "-" + SEQUENCE.incrementAndGet())
			.query(Long.class)
			.single();
	}

	/** An instructor of the provider with a made-up valid ID number (encrypted as the providers module stores it). */
	long instructor(long provider, org.kehou.identity.PersonalDataCipher cipher, String name) {
		StringBuilder first17 = new StringBuilder("11010119");
		first17.append(ThreadLocalRandom.current().nextInt(70, 99)).append("0101");
		while (first17.length() < 17) {
			first17.append(ThreadLocalRandom.current().nextInt(10));
		}
		String idNumber = first17 + String.valueOf(org.kehou.shared.ChineseIdNumber.checkDigit(first17.toString()));
		return jdbc.sql("""
				INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked,
				  certificate_type, certificate_no) VALUES (:p, :n, :e, :h, :m, 'TEACHER', 'T-1') RETURNING id""")
			.param("p", provider)
			.param("n", name + " " + tag)
			.param("e", cipher.encrypt(idNumber))
			.param("h", cipher.idNumberHash(idNumber))
			.param("m", org.kehou.shared.Masking.idNumber(idNumber))
			.query(Long.class)
			.single();
	}

	/**
	 * Assigns an instructor to the offering ({@code offering_teacher.instructor_id}); the offering becomes the
	 * instructor's provider's (as an offering of a provider's course is), unless it has a provider already.
	 */
	void instruct(long offering, long instructor) {
		jdbc.sql("INSERT INTO offering_teacher (offering_id, teacher_key, instructor_id) VALUES (:o, :k, :i)")
			.param("o", offering)
			.param("k", "I" + instructor)
			.param("i", instructor)
			.update();
		jdbc.sql("""
				UPDATE offering SET provider_id = (SELECT provider_id FROM instructor WHERE id = :i)
				WHERE id = :o AND provider_id IS NULL""")
			.param("o", offering)
			.param("i", instructor)
			.update();
	}

	/**
	 * A signed-in instructor account of the provider, linked to {@code instructor} (null: not linked). Without a user
	 * name (a random stand-in for a phone hash): DemoCityTests counts the accounts with one.
	 */
	org.kehou.identity.KehouUser instructorAccount(long provider, Long instructor) {
		String login = "instr-" + tag + "-" + SEQUENCE.incrementAndGet();
		long id = account(login, "INSTRUCTOR", provider, instructor);
		org.kehou.identity.Role role = org.kehou.identity.Role.INSTRUCTOR;
		return new org.kehou.identity.KehouUser(id, login, login, null, role,
				new org.kehou.identity.Scope(role, null, null, null, provider), null, instructor, false, false, true);
	}

	/** An account of a provider without a user name (see {@link #instructorAccount}); returns its id. */
	long account(String displayName, String role, long provider, Long instructor) {
		byte[] hash = new byte[32];
		ThreadLocalRandom.current().nextBytes(hash);
		return jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, provider_id, instructor_id)
				VALUES (:h, :n, :r, :p, :i) RETURNING id""")
			.param("h", hash)
			.param("n", displayName)
			.param("r", role)
			.param("p", provider)
			.param("i", instructor)
			.query(Long.class)
			.single();
	}

	/** A scheduled session of the offering on a day at the given time. */
	long session(long offering, LocalDate date, String starts, String ends) {
		return jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
				SELECT id, term_id, school_id, :d, :a, :b, 1 FROM offering WHERE id = :o RETURNING id""")
			.param("o", offering)
			.param("d", date)
			.param("a", LocalTime.parse(starts))
			.param("b", LocalTime.parse(ends))
			.query(Long.class)
			.single();
	}

	int count(String sql, Object param) {
		return jdbc.sql(sql).param("p", param).query(Integer.class).single();
	}
}
