package org.kehou.selection;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixtures for selection on the shared demo database, all in a term of their own so that tests never meet:
 * a fresh open term of demo school1 (named 测试…), children inserted into its classes (student numbers ZT-…,
 * registered for the term unless asked otherwise), published offerings of a school-own course with their weekly
 * slots in a venue of their own, and rounds. DemoCityTests leaves these out of its counts.
 */
final class SelectionWorld {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	final JdbcClient jdbc;

	final long school;

	final long term;

	final String tag;

	/** school1's lowest grade level, where the children go. */
	final int level;

	SelectionWorld(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		this.level = jdbc.sql("SELECT min(level) FROM grade WHERE school_id = :s").param("s", school)
			.query(Integer.class).single();
		this.tag = "W" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		// a school year no other test term of school1 uses (the term's unique key); years 2100–2999 are for these
		Long id = null;
		while (id == null) {
			id = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					SELECT :s, :n, y || '-' || (y + 1), 1, :from, :to, 'OPEN' FROM (SELECT 2100 + (random() * 899)::int AS y) x
					ON CONFLICT (school_id, school_year, semester) DO NOTHING RETURNING id""")
				.param("s", school)
				.param("n", "测试学期 " + tag)
				.param("from", LocalDate.now().plusYears(1))   // never "today's term" of school1 for other tests
				.param("to", LocalDate.now().plusYears(1).plusMonths(4))
				.query(Long.class)
				.optional()
				.orElse(null);
		}
		this.term = id;
	}

	/** A child in school1's lowest grade, registered for the term. */
	long child() {
		return children(1, true).get(0);
	}

	List<Long> children(int count, boolean registered) {
		long classId = jdbc.sql("""
				SELECT min(c.id) FROM school_class c JOIN grade g ON g.id = c.grade_id WHERE c.school_id = :s AND g.level = :l""")
			.param("s", school)
			.param("l", level)
			.query(Long.class)
			.single();
		int first = SEQUENCE.getAndAdd(count) + 1;
		List<Long> ids = jdbc.sql("""
				INSERT INTO student (school_id, class_id, student_no, name, gender)
				SELECT :s, :c, 'ZT-' || :tag || '-' || n, '测试' || n, 'F' FROM generate_series(:first, :last) AS n
				ORDER BY n RETURNING id""")
			.param("s", school)
			.param("c", classId)
			.param("tag", tag)
			.param("first", first)
			.param("last", first + count - 1)
			.query(Long.class)
			.list();
		if (registered) {
			jdbc.sql("""
					INSERT INTO registration (student_id, term_id, school_id, status)
					SELECT unnest(CAST(:ids AS BIGINT[])), :t, :s, 'REGISTERED'""")
				.param("ids", ids.toArray(Long[]::new))
				.param("t", term)
				.param("s", school)
				.update();
		}
		return ids;
	}

	/** A published offering for every grade of school1 with weekly slots "weekday HH:MM-HH:MM". */
	long offering(String name, int capacity, String... slots) {
		return offering(name, capacity, false, slots);
	}

	long offering(String name, int capacity, boolean daysChoosable, String... slots) {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, 16, 2000, 1, 500, TRUE,
				        'APPROVED') RETURNING id""")
			.param("s", school)
			.param("n", name + " " + tag)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)")
			.param("t", term)
			.param("c", course)
			.update();
		long id = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, name, kind, category_code, venue, min_capacity,
				  capacity, grades, days_choosable, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :n, :k, 'ARTS', :v, 1, :cap, ARRAY(SELECT level FROM grade WHERE school_id = :s), :d, 2000,
				  60, 16, 'PUBLISHED')
				RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("n", name + " " + tag)
			.param("k", daysChoosable ? "BASIC_CARE" : "COURSE")
			.param("v", "教室 " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("cap", capacity)
			.param("d", daysChoosable)
			.query(Long.class)
			.single();
		for (String slot : slots) {
			String[] parts = slot.split("[ -]");
			jdbc.sql("""
					INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
					SELECT id, term_id, venue, :w, :a, :b FROM offering WHERE id = :o""")
				.param("o", id)
				.param("w", Integer.parseInt(parts[0]))
				.param("a", LocalTime.parse(parts[1]))
				.param("b", LocalTime.parse(parts[2]))
				.update();
		}
		return id;
	}

	/** A round open from a minute ago for an hour. */
	long openRound(RoundMode mode) {
		return round(mode, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), null, 2);
	}

	long round(RoundMode mode, Instant opens, Instant closes, Instant dropUntil, int maxPerChild) {
		return jdbc.sql("""
				INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at, drop_until, max_per_child)
				VALUES (:t, :s, :n, :m, :o, :c, :d, :max) RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("n", "第一轮 " + tag)
			.param("m", mode.name())
			.param("o", Timestamp.from(opens))
			.param("c", Timestamp.from(closes))
			.param("d", dropUntil == null ? null : Timestamp.from(dropUntil))
			.param("max", maxPerChild)
			.query(Long.class)
			.single();
	}

	int taken(long offering) {
		return jdbc.sql("SELECT taken FROM offering WHERE id = :o").param("o", offering).query(Integer.class).single();
	}

	int count(long offering, PlaceStatus status) {
		return jdbc.sql("SELECT count(*) FROM place WHERE offering_id = :o AND status = :s")
			.param("o", offering)
			.param("s", status.name())
			.query(Integer.class)
			.single();
	}
}
