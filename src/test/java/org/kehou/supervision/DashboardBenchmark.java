package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.NewSchool;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Schools;
import org.kehou.organisation.Stage;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The dashboard benchmark (not a timed test), run by {@code ./mvnw -Pbench test -Dbench.scenarios=dashboard}. Registers
 * a zhongshan-sized city ({@code bench.towns} 23 towns, {@code bench.schools} 293 schools, one platform serving them),
 * fills the read models with set-based SQL at that scale — {@code bench.students} (460,000) students, 12 offerings
 * per school, a confirmed place for 60 % of the students, {@code bench.days} (90) school days of attendance for every
 * place (≈ 25 million marks, held as the per offering / per school day aggregates ingestion maintains, consistent
 * with the places), a check-in per offering and day, ratings, complaints, orders, payments, refunds — then renders
 * the city dashboard page and one school's page {@code bench.requests} (50) times each after a warm-up, in process
 * (MockMvc as the city admin: controller, queries, Thymeleaf; no network). Prints p50/p95/p99 (also
 * {@code target/bench/dashboard.txt}).
 */
@SpringBootTest(properties = { "logging.level.root=WARN", "logging.level.org.kehou=WARN" })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DashboardBenchmark {

	static final KehouUser CITY = new KehouUser(-1, "bench-city", "市管理员", null, Role.CITY_ADMIN,
			new Scope(Role.CITY_ADMIN, null, null, null, null), null, false, false, true);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Test
	void dashboard() throws Exception {
		String scenarios = System.getProperty("bench.scenarios");
		Assumptions.assumeTrue(scenarios == null || Arrays.asList(scenarios.split(",")).contains("dashboard"),
				"dashboard not among bench.scenarios");
		int townCount = Integer.getInteger("bench.towns", 23);
		int schoolCount = Integer.getInteger("bench.schools", 293);
		int students = Integer.getInteger("bench.students", 460_000);
		int days = Integer.getInteger("bench.days", 90);
		int requests = Integer.getInteger("bench.requests", 50);
		List<String> lines = new ArrayList<>();

		long t0 = System.nanoTime();
		towns.defineCity("BENCHCITY", "中山市");
		long platform = platforms.register("BP", "基准平台", "基准科技", null);
		List<Long> townIds = new ArrayList<>();
		for (int t = 0; t < townCount; t++) {
			townIds.add(towns.registerTown("BT" + t, "基准镇" + t, "TOWN").id());
		}
		long firstSchool = 0;
		for (int s = 0; s < schoolCount; s++) {
			long id = schools.register(new NewSchool("BS" + s, "基准学校" + s, townIds.get(s % townCount),
					Stage.PRIMARY, null)).id();
			platforms.assign(id, platform);
			firstSchool = s == 0 ? id : firstSchool;
		}
		fill(platform, schoolCount, students, days);
		long marks = jdbc.sql("SELECT sum(present + late + absent + on_leave) FROM sup_attendance_school_day")
			.query(Long.class)
			.single();
		lines.add("dashboard fill schools=" + schoolCount + " students=" + students + " days=" + days + " marks="
				+ marks + " ms=" + (System.nanoTime() - t0) / 1_000_000);

		String period = "from=2026-09-01&to=2027-01-15";
		lines.add(measure("city  ", "/console/supervision/dashboard?" + period, requests));
		lines.add(measure("town  ", "/console/supervision/dashboard?town=" + townIds.get(0) + "&" + period, requests));
		lines.add(measure("school", "/console/supervision/dashboard?school=" + firstSchool + "&" + period, requests));
		lines.forEach(System.out::println);
		Path out = Path.of("target/bench/dashboard.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, lines);
	}

	private String measure(String name, String url, int requests) throws Exception {
		for (int i = 0; i < 5; i++) {
			render(url);
		}
		long[] ms = new long[requests];
		for (int i = 0; i < requests; i++) {
			long t = System.nanoTime();
			render(url);
			ms[i] = (System.nanoTime() - t) / 1_000_000;
		}
		Arrays.sort(ms);
		return "dashboard " + name + " requests=" + requests + " p50_ms=" + pct(ms, 50) + " p95_ms=" + pct(ms, 95)
				+ " p99_ms=" + pct(ms, 99) + " max_ms=" + ms[ms.length - 1];
	}

	private void render(String url) throws Exception {
		String page = mvc.perform(get(url).with(user(CITY))).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("dashboard-tiles");
	}

	private static long pct(long[] sorted, int p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
	}

	/** The read models as ingestion would leave them for such a city (aggregates consistent with the places). */
	private void fill(long platform, int schoolCount, int students, int days) {
		String[] statements = { """
				INSERT INTO sup_student (platform_id, record_id, school_code, student, grade, hardship, active)
				SELECT :p, 's-' || g, 'BS' || (g % :schools), md5('s' || g) || md5('t' || g), 1 + g % 6, g % 20 = 0, true
				FROM generate_series(0, :students - 1) g""", """
				INSERT INTO sup_offering (platform_id, record_id, school_code, term, title, category_code, provider_code,
				  price_fen, capacity, status, start_date, end_date, instructors)
				SELECT :p, 'o-' || s || '-' || k, 'BS' || s, '2026-autumn', '课程' || s || '-' || k, 'cat' || (k % 8),
				  'P' || ((s * 12 + k) % 60), 48000, 40, 'running', DATE '2026-09-01', DATE '2027-01-15',
				  ARRAY['i-' || s || '-' || k || '-a', 'i-' || s || '-' || k || '-b']
				FROM generate_series(0, :schools - 1) s, generate_series(0, 11) k""", """
				INSERT INTO sup_place (platform_id, record_id, school_code, offering_id, student, status)
				SELECT :p, 'p-' || g, 'BS' || (g % :schools), 'o-' || (g % :schools) || '-' || ((g / :schools) % 12),
				  md5('s' || g) || md5('t' || g), CASE WHEN g % 50 = 0 THEN 'withdrawn' ELSE 'confirmed' END
				FROM generate_series(0, :students - 1) g WHERE g % 5 < 3""", """
				INSERT INTO sup_attendance_day (platform_id, school_code, offering_id, day, present, late, absent, on_leave)
				SELECT :p, c.school_code, c.offering_id, d.day, c.n - c.n / 10 - c.n / 25 - c.n / 30, c.n / 25, c.n / 10,
				  c.n / 30
				FROM (SELECT school_code, offering_id, count(*) AS n FROM sup_place WHERE status = 'confirmed'
				      GROUP BY school_code, offering_id) c,
				  (SELECT day::date FROM generate_series(DATE '2026-09-01', DATE '2027-01-15', INTERVAL '1 day') day
				   WHERE extract(isodow FROM day) < 6 ORDER BY day LIMIT :days) d""", """
				INSERT INTO sup_attendance_school_day (platform_id, school_code, day, present, late, absent, on_leave)
				SELECT platform_id, school_code, day, sum(present), sum(late), sum(absent), sum(on_leave)
				FROM sup_attendance_day GROUP BY platform_id, school_code, day""", """
				INSERT INTO sup_checkin (platform_id, record_id, school_code, offering_id, instructor_id, day, on_time)
				SELECT platform_id, 'c-' || offering_id || '-' || day, school_code, offering_id, offering_id || '-a', day,
				  hashtext(offering_id || day) % 20 <> 0
				FROM sup_attendance_day""", """
				INSERT INTO sup_checkin_day (platform_id, school_code, day, checkins, on_time)
				SELECT platform_id, school_code, day, count(*), count(*) FILTER (WHERE on_time)
				FROM sup_checkin GROUP BY platform_id, school_code, day""", """
				INSERT INTO sup_rating (platform_id, record_id, school_code, offering_id, overall, rated_on)
				SELECT :p, 'r-' || g, 'BS' || (g % :schools), 'o-' || (g % :schools) || '-' || ((g / :schools) % 12),
				  CASE WHEN g % 7 = 0 THEN 3 ELSE 5 END, DATE '2026-10-01' + (g % 100)
				FROM generate_series(0, :students / 5) g""", """
				INSERT INTO sup_complaint (platform_id, record_id, school_code, subject_id, status, received_at, due_at)
				SELECT :p, 'q-' || g, 'BS' || (g % :schools), NULL,
				  CASE WHEN g % 4 = 0 THEN 'received' ELSE 'resolved' END,
				  TIMESTAMPTZ '2026-10-01 09:00+08' + g * INTERVAL '1 hour', TIMESTAMPTZ '2026-10-08 09:00+08' + g * INTERVAL '1 hour'
				FROM generate_series(0, 2999) g""", """
				INSERT INTO sup_order (platform_id, record_id, school_code, offering_id, price_fen, exempted_fen, due_fen,
				  status, created_on)
				SELECT :p, 'or-' || substr(record_id, 3), school_code, offering_id, 48000,
				  CASE WHEN record_id LIKE '%7' THEN 48000 ELSE 0 END, CASE WHEN record_id LIKE '%7' THEN 0 ELSE 48000 END,
				  CASE WHEN record_id LIKE '%7' THEN 'exempted' ELSE 'paid' END, DATE '2026-09-02'
				FROM sup_place""", """
				INSERT INTO sup_payment (platform_id, record_id, school_code, order_id, amount_fen, paid_on)
				SELECT platform_id, 'pay-' || record_id, school_code, record_id, due_fen, DATE '2026-09-03'
				FROM sup_order WHERE due_fen > 0""", """
				INSERT INTO sup_refund (platform_id, record_id, school_code, order_id, amount_fen, refunded_on)
				SELECT platform_id, 'rf-' || record_id, school_code, order_id, 3000, DATE '2026-10-10'
				FROM sup_payment WHERE record_id LIKE '%3'""", """
				INSERT INTO sup_student_school (platform_id, school_code, students)
				SELECT platform_id, school_code, count(*) FROM sup_student WHERE active GROUP BY 1, 2""", """
				INSERT INTO sup_place_offering (platform_id, school_code, offering_id, confirmed)
				SELECT platform_id, school_code, offering_id, count(*) FILTER (WHERE status = 'confirmed') FROM sup_place
				GROUP BY 1, 2, 3""", """
				INSERT INTO sup_participant (platform_id, school_code, student, places)
				SELECT platform_id, school_code, student, count(*) FROM sup_place WHERE status = 'confirmed'
				GROUP BY 1, 2, 3""", """
				INSERT INTO sup_participant_school (platform_id, school_code, participants)
				SELECT platform_id, school_code, count(*) FROM sup_participant WHERE places > 0 GROUP BY 1, 2""", """
				INSERT INTO sup_rating_day (platform_id, school_code, day, ratings, satisfied)
				SELECT platform_id, school_code, rated_on, count(*), count(*) FILTER (WHERE overall >= 4) FROM sup_rating
				GROUP BY 1, 2, 3""", """
				INSERT INTO sup_order_day (platform_id, school_code, day, exempted_fen)
				SELECT platform_id, school_code, created_on, sum(exempted_fen) FILTER (WHERE status <> 'cancelled')
				FROM sup_order GROUP BY 1, 2, 3""", """
				INSERT INTO sup_payment_day (platform_id, school_code, day, amount_fen)
				SELECT platform_id, school_code, paid_on, sum(amount_fen) FROM sup_payment GROUP BY 1, 2, 3""", """
				INSERT INTO sup_refund_day (platform_id, school_code, day, amount_fen)
				SELECT platform_id, school_code, refunded_on, sum(amount_fen) FROM sup_refund GROUP BY 1, 2, 3""",
				"ANALYZE" };
		for (String sql : statements) {
			var spec = jdbc.sql(sql);
			if (sql.contains(":p")) {
				spec = spec.param("p", platform);
			}
			if (sql.contains(":schools")) {
				spec = spec.param("schools", schoolCount);
			}
			if (sql.contains(":students")) {
				spec = spec.param("students", students);
			}
			if (sql.contains(":days")) {
				spec = spec.param("days", days);
			}
			spec.update();
		}
	}
}
