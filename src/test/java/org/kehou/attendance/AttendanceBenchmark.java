package org.kehou.attendance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The attendance benchmark (not a timed test: nothing about time is asserted), run by {@code ./mvnw -Pbench test
 * -Dbench.scenarios=attendance}. At zhongshan-like scale — {@code bench.offerings} (default 2,800) published offerings
 * with one or two weekly slots and {@code bench.children} (default 30) confirmed children each, spread over the demo
 * schools' terms of a 20-week term with a national-day holiday week, a 调休 Saturday and a 补课 Sunday — it generates
 * the term's sessions for all offerings ({@link Sessions#generateTerm}) and then records one school day's roll call for
 * every session of that day through {@link RollCalls#save} (all present, one child in ten absent) from
 * {@code bench.teachers} (default 8) threads, as teachers tapping at once. Prints (and writes to
 * {@code target/bench/attendance.txt}):
 * <pre>
 * attendance generate offerings=… sessions=… ms=…
 * attendance rollcall sessions=… marks=… ms=… per_s=…   (per_s: roll calls saved per second)
 * </pre>
 */
@SpringBootTest(properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901",
		"logging.level.root=WARN", "logging.level.org.kehou=WARN" })
@ActiveProfiles("test")
class AttendanceBenchmark {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Sessions sessions;

	@Autowired
	RollCalls rollCalls;

	@Test
	void attendance() throws Exception {
		String scenarios = System.getProperty("bench.scenarios");
		Assumptions.assumeTrue(scenarios == null || Arrays.asList(scenarios.split(",")).contains("attendance"),
				"attendance not among bench.scenarios");
		int offerings = Integer.getInteger("bench.offerings", 2_800);
		int children = Integer.getInteger("bench.children", 30);
		int teachers = Integer.getInteger("bench.teachers", 8);
		SplittableRandom random = new SplittableRandom(20260901L);

		List<Long> schools = jdbc.sql("SELECT id FROM school ORDER BY id").query(Long.class).list();
		LocalDate monday = LocalDate.of(2200, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
		List<Long> terms = new ArrayList<>();
		for (long school : schools) {
			long term = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					VALUES (:s, '测试学期 bench', '2200-2201', 1, :from, :to, 'OPEN') RETURNING id""")
				.param("s", school).param("from", monday).param("to", monday.plusWeeks(20).minusDays(1))
				.query(Long.class).single();
			for (int d = 0; d < 5; d++) {   // the national-day week
				jdbc.sql("INSERT INTO term_day (term_id, day, kind) VALUES (:t, :d, 'HOLIDAY')")
					.param("t", term).param("d", monday.plusWeeks(4).plusDays(d)).update();
			}
			jdbc.sql("INSERT INTO term_day (term_id, day, kind, follows_weekday) VALUES (:t, :d, 'SWAPPED_DAY', 5)")
				.param("t", term).param("d", monday.plusWeeks(5).plusDays(5)).update();
			jdbc.sql("INSERT INTO term_day (term_id, day, kind, follows_weekday) VALUES (:t, :d, 'MAKEUP_DAY', 1)")
				.param("t", term).param("d", monday.plusWeeks(9).plusDays(6)).update();
			terms.add(term);
		}

		// offerings (school-own courses, one per offering), their slots, children with confirmed places
		String[] times = { "15:30-16:30", "16:00-17:00", "16:30-17:30" };
		for (int k = 0; k < offerings; k++) {
			int at = k % schools.size();
			long school = schools.get(at);
			long term = terms.get(at);
			long course = jdbc.sql("""
					INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
					  min_size, max_size, not_academic, status)
					VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, 16, 2000, 1, 500, TRUE,
					  'APPROVED') RETURNING id""").param("s", school).param("n", "bench " + k).query(Long.class).single();
			jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
				.update();
			long offering = jdbc.sql("""
					INSERT INTO offering (term_id, school_id, course_id, name, kind, category_code, venue, min_capacity,
					  capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
					VALUES (:t, :s, :c, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
					  2000, 60, 16, 'PUBLISHED') RETURNING id""")
				.param("t", term).param("s", school).param("c", course).param("n", "bench " + k).param("v", "bench-" + k)
				.query(Long.class).single();
			int day = 1 + random.nextInt(5);
			List<String> slots = new ArrayList<>(List.of(day + " " + times[random.nextInt(times.length)]));
			if (random.nextInt(5) < 2) {
				slots.add((1 + day % 5) + " " + times[random.nextInt(times.length)]);
			}
			for (String slot : slots) {
				String[] p = slot.split("[ -]");
				jdbc.sql("""
						INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
						VALUES (:o, :t, :v, :w, CAST(:a AS TIME), CAST(:b AS TIME))""")
					.param("o", offering).param("t", term).param("v", "bench-" + k).param("w", Integer.parseInt(p[0]))
					.param("a", p[1]).param("b", p[2]).update();
			}
			jdbc.sql("""
					WITH kids AS (
					  INSERT INTO student (school_id, class_id, student_no, name, gender)
					  SELECT :s, (SELECT min(id) FROM school_class WHERE school_id = :s), 'ZT-bench-' || :k || '-' || n,
					    '学生' || n, 'F' FROM generate_series(1, :n) AS n RETURNING id)
					INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
					SELECT :o, id, :t, 'CONFIRMED', 'MANUAL', '{}', now() FROM kids""")
				.param("s", school).param("k", k).param("n", children).param("o", offering).param("t", term).update();
		}

		LocalDateTime beforeTerm = monday.minusDays(7).atTime(8, 0);
		long started = System.nanoTime();
		Sessions.Generated generated = new Sessions.Generated(0, 0, 0);
		for (long term : terms) {
			Sessions.Generated g = sessions.generateTerm(term, beforeTerm);
			generated = new Sessions.Generated(generated.offerings() + g.offerings(), generated.inserted() + g.inserted(),
					generated.removed() + g.removed());
		}
		long generateMs = (System.nanoTime() - started) / 1_000_000;
		String generateLine = "attendance generate offerings=" + generated.offerings() + " sessions=" + generated.inserted()
				+ " ms=" + generateMs;
		System.out.println(generateLine);

		LocalDate schoolDay = monday.plusWeeks(2).plusDays(1); // a Tuesday
		List<Long> today = jdbc.sql("""
				SELECT id FROM class_session WHERE term_id = ANY(CAST(:t AS BIGINT[])) AND session_date = :d ORDER BY id""")
			.param("t", terms.toArray(Long[]::new)).param("d", schoolDay).query(Long.class).list();
		LocalDateTime evening = schoolDay.atTime(18, 0);
		AtomicInteger marks = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(teachers);
		started = System.nanoTime();
		try {
			List<Future<?>> done = new ArrayList<>();
			for (long session : today) {
				done.add(pool.submit(() -> {
					List<RollCalls.RosterEntry> roster = rollCalls.roster(session);
					Map<Long, Mark> absent = new java.util.HashMap<>();
					for (int i = 0; i < roster.size(); i += 10) {
						absent.put(roster.get(i).studentId(), Mark.ABSENT);
					}
					RollCalls.Saved saved = rollCalls.save(session, "bench-" + session, true, absent, evening);
					marks.addAndGet(saved.present() + saved.late() + saved.absent());
				}));
			}
			for (Future<?> f : done) {
				f.get();
			}
		}
		finally {
			pool.shutdown();
		}
		long rollMs = Math.max(1, (System.nanoTime() - started) / 1_000_000);
		String rollLine = "attendance rollcall sessions=" + today.size() + " marks=" + marks.get() + " ms=" + rollMs
				+ " per_s=" + Math.round(today.size() * 1000.0 / rollMs) + " threads=" + teachers;
		System.out.println(rollLine);
		Path out = Path.of("target", "bench", "attendance.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, List.of(generateLine, rollLine));
	}
}
