package org.kehou.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.TestTerms;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ForeignVendorSimulator;
import org.kehou.exchange.Outcome;
import org.kehou.exchange.Pseudonyms;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.organisation.NewSchool;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Stage;
import org.kehou.organisation.Towns;
import org.kehou.supervision.IssuedCredential;
import org.kehou.supervision.PlatformCredentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reporter end to end: the tiny demo city on a random port reports to its own supervision side over HTTP with a
 * credential the test takes (school1's platform; the demo's self-reporting issued the first one at start). Each test connects the reporter afresh; the scheduled delivery is
 * off ({@code kehou.reporting.enabled} is false), so the tests drive the deliveries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901",
				"kehou.demo.report-to-self=true" })
@ActiveProfiles("test")
class ReporterTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Reporter reporter;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	Pseudonyms pseudonyms;

	@Autowired
	PersonalDataCipher cipher;

	static IssuedCredential credential;

	long school;

	long platform;

	String platformCode;

	@BeforeEach
	void connect() {
		school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		platform = jdbc.sql("SELECT platform_id FROM school WHERE id = :s").param("s", school).query(Long.class)
			.single();
		platformCode = jdbc.sql("SELECT code FROM service_platform WHERE id = :p").param("p", platform)
			.query(String.class).single();
		synchronized (ReporterTests.class) {
			if (credential == null) {
				// the demo connected the reporter to this process's own supervision side at start (and enqueued the
				// generated city, written with COPY and its triggers off); the tests take a credential of their own
				assertThat(reporter.cityUrl()).isEqualTo(city());
				assertThat(outbox()).isPositive();
				credential = credentials.rotate(platform);
			}
		}
		reporter.connect(city(), credential.appId(), credential.secret(), platformCode);
		reporter.clearBackoff();
		synchronized (ReporterTests.class) {
			if (!synced) {
				// the demo generator writes with COPY and its triggers off: the city starts with a full sync
				assertThat(reporter.enqueueAll(500)).isPositive();
				assertThat(reporter.drain().failed()).isFalse();
				synced = true;
			}
		}
	}

	static boolean synced;

	URI city() {
		return URI.create("http://localhost:" + port);
	}

	// --- helpers ------------------------------------------------------------------------------------------------

	JsonNode stored(String type, String id) {
		String data = jdbc.sql("""
				SELECT coalesce(data::text, 'null') FROM sup_record WHERE platform_id = :p AND type = :t AND record_id = :i""")
			.param("p", platform).param("t", type).param("i", id).query(String.class).single();
		return JSON.readTree(data);
	}

	boolean deletedAtCity(String type, String id) {
		return jdbc.sql("SELECT deleted FROM sup_record WHERE platform_id = :p AND type = :t AND record_id = :i")
			.param("p", platform).param("t", type).param("i", id).query(Boolean.class).single();
	}

	long outbox() {
		return jdbc.sql("SELECT count(*) FROM exchange_outbox").query(Long.class).single();
	}

	String pseudonymOf(long student) {
		byte[] enc = jdbc.sql("SELECT id_number_enc FROM student WHERE id = :s").param("s", student)
			.query(byte[].class).single();
		return pseudonyms.of(cipher.decrypt(enc));
	}

	record World(long term, long offering, long session, List<Long> students) {
	}

	/** A term, an offering with two confirmed places and a session, written as the modules store them. */
	World world() {
		String tag = "R" + UUID.randomUUID().toString().substring(0, 6);
		long term = TestTerms.create(jdbc, school, tag, 2100, 2999, 4, "OPEN").id();
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, 16, 2000, 1, 500, TRUE,
				        'APPROVED') RETURNING id""").param("s", school).param("n", "报送课 " + tag).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long offering = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, name, kind, category_code, venue, min_capacity,
				  capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  2000, 60, 16, 'PUBLISHED') RETURNING id""")
			.param("t", term).param("s", school).param("c", course).param("n", "报送课 " + tag).param("v", "教室 " + tag)
			.query(Long.class).single();
		// a published offering meets weekly (the standard's offering has at least one weekly slot)
		jdbc.sql("""
				INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
				VALUES (:o, :t, :v, 1, '16:30', '17:30')""")
			.param("o", offering).param("t", term).param("v", "教室 " + tag).update();
		List<Long> students = jdbc.sql("""
				SELECT id FROM student WHERE school_id = :s AND status = 'ACTIVE' AND id_number_enc IS NOT NULL
				ORDER BY random() LIMIT 2""").param("s", school).query(Long.class).list();
		for (long s : students) {
			jdbc.sql("""
					INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
					VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now())""")
				.param("o", offering).param("s", s).param("t", term).update();
		}
		long session = jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
				VALUES (:o, :t, :s, :d, :a, :b, 1) RETURNING id""")
			.param("o", offering).param("t", term).param("s", school).param("d", LocalDate.of(2101, 9, 7))
			.param("a", LocalTime.of(16, 30)).param("b", LocalTime.of(17, 30)).query(Long.class).single();
		return new World(term, offering, session, students);
	}

	/** A provider's instructor checked in three minutes late at the world's session (16:30 city time). */
	long checkIn(long session) {
		String tag = UUID.randomUUID().toString().substring(0, 6);
		long provider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'SUBMITTED') RETURNING id")
			.param("n", "报送机构 " + tag).query(Long.class).single();
		String first17 = "1101011980010" + (1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9000));
		String idNumber = first17 + org.kehou.shared.ChineseIdNumber.checkDigit(first17);
		long instructor = jdbc.sql("""
				INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked,
				  certificate_type, certificate_no) VALUES (:p, :n, :e, :h, :m, 'TEACHER', 'T-1') RETURNING id""")
			.param("p", provider).param("n", "报送教练 " + tag).param("e", cipher.encrypt(idNumber))
			.param("h", cipher.idNumberHash(idNumber)).param("m", org.kehou.shared.Masking.idNumber(idNumber))
			.query(Long.class).single();
		jdbc.sql("""
				INSERT INTO instructor_check_in (session_id, instructor_id, provider_id, school_id, session_date,
				  checked_in_at)
				SELECT id, :i, :p, school_id, session_date, (session_date + starts_at + interval '3 minutes')
				  AT TIME ZONE 'Asia/Shanghai' FROM class_session WHERE id = :s""")
			.param("i", instructor).param("p", provider).param("s", session).update();
		return instructor;
	}

	void mark(long session, long student, String mark) {
		jdbc.sql("""
				INSERT INTO roll_call_mark (session_id, student_id, mark) VALUES (:se, :st, :m)
				ON CONFLICT (session_id, student_id) DO UPDATE SET mark = EXCLUDED.mark, marked_at = now()""")
			.param("se", session).param("st", student).param("m", mark).update();
	}

	// --- tests --------------------------------------------------------------------------------------------------

	@Test
	void everyChangeOfEachReportedTableArrivesAtTheCityWithTheRightDataAndNoPersonalData() {
		reporter.drain(); // the demo city's own backlog first
		World w = world();
		long student = w.students().get(0);
		mark(w.session(), student, "LATE");
		long instructor = checkIn(w.session());
		jdbc.sql("UPDATE class_session SET status = 'CANCELLED', reason = 'weather', updated_at = now() WHERE id = :s")
			.param("s", w.session()).update();
		jdbc.sql("UPDATE student SET gender = CASE gender WHEN 'M' THEN 'F' ELSE 'M' END WHERE id = :s")
			.param("s", student).update();
		long klass = jdbc.sql("SELECT class_id FROM student WHERE id = :s").param("s", student).query(Long.class)
			.single();
		assertThat(outbox()).isPositive();

		Delivery d = reporter.drain();
		assertThat(d.failed()).as(String.valueOf(d.error())).isFalse();
		assertThat(outbox()).isZero();

		String pseudonym = pseudonymOf(student);
		JsonNode s = stored("student", "s-" + student);
		String schoolCode = jdbc.sql("SELECT code FROM school WHERE id = :s").param("s", school).query(String.class)
			.single();
		assertThat(s.get("schoolCode").asString()).isEqualTo(schoolCode);
		assertThat(s.get("studentPseudonym").asString()).isEqualTo(pseudonym);
		assertThat(s.get("classId").asString()).isEqualTo("c-" + klass);
		String gender = jdbc.sql("SELECT gender FROM student WHERE id = :s").param("s", student).query(String.class)
			.single();
		assertThat(s.get("gender").asString()).isEqualTo("M".equals(gender) ? "male" : "female");

		JsonNode c = stored("class", "c-" + klass);
		assertThat(c.get("studentCount").asInt()).isEqualTo(jdbc.sql(
				"SELECT count(*) FROM student WHERE class_id = :c AND status = 'ACTIVE'").param("c", klass)
			.query(Integer.class).single());

		JsonNode p = stored("place", "p-" + jdbc.sql("SELECT id FROM place WHERE offering_id = :o AND student_id = :s")
			.param("o", w.offering()).param("s", student).query(Long.class).single());
		assertThat(p.get("offeringId").asString()).isEqualTo("o-" + w.offering());
		assertThat(p.get("studentPseudonym").asString()).isEqualTo(pseudonym);
		assertThat(p.get("status").asString()).isEqualTo("confirmed");

		JsonNode a = stored("attendance", "a-" + w.session() + "-" + student);
		assertThat(a.get("status").asString()).isEqualTo("late");
		assertThat(a.get("sessionId").asString()).isEqualTo("cs-" + w.session());
		assertThat(a.get("date").asString()).isEqualTo("2101-09-07");
		assertThat(a.get("studentPseudonym").asString()).isEqualTo(pseudonym);

		JsonNode ci = stored("checkin", "ci-" + w.session() + "-" + instructor);
		assertThat(ci.get("instructorId").asString()).isEqualTo("i-" + instructor);
		assertThat(ci.get("scheduledStart").asString()).isEqualTo("2101-09-07T16:30:00+08:00");
		assertThat(ci.get("at").asString()).isEqualTo("2101-09-07T16:33:00+08:00");
		assertThat(ci.get("onTime").asBoolean()).isFalse();
		assertThat(ci.get("minutesLate").asInt()).isEqualTo(3);
		assertThat(ci.get("expectedStudents").asInt()).isEqualTo(2);

		JsonNode sc = stored("session-cancelled", "cs-" + w.session());
		assertThat(sc.get("reason").asString()).isEqualTo("weather");
		assertThat(sc.get("offeringId").asString()).isEqualTo("o-" + w.offering());

		// nothing personal in anything this platform reported: no name, no ID number
		String name = jdbc.sql("SELECT name FROM student WHERE id = :s").param("s", student).query(String.class).single();
		String idNumber = cipher.decrypt(jdbc.sql("SELECT id_number_enc FROM student WHERE id = :s").param("s", student)
			.query(byte[].class).single());
		long leaks = jdbc.sql("""
				SELECT count(*) FROM sup_record WHERE platform_id = :p
				  AND (data::text LIKE '%' || :n || '%' OR data::text LIKE '%' || :i || '%')""")
			.param("p", platform).param("n", name).param("i", idNumber).query(Long.class).single();
		assertThat(leaks).isZero();

		// a session no longer cancelled, a deleted mark and a withdrawn place
		jdbc.sql("UPDATE class_session SET status = 'SCHEDULED', reason = NULL WHERE id = :s").param("s", w.session())
			.update();
		jdbc.sql("DELETE FROM roll_call_mark WHERE session_id = :se AND student_id = :st").param("se", w.session())
			.param("st", student).update();
		jdbc.sql("UPDATE place SET status = 'DROPPED', ended_at = now() WHERE offering_id = :o AND student_id = :s")
			.param("o", w.offering()).param("s", student).update();
		assertThat(reporter.drain().failed()).isFalse();
		assertThat(deletedAtCity("session-cancelled", "cs-" + w.session())).isTrue();
		assertThat(deletedAtCity("attendance", "a-" + w.session() + "-" + student)).isTrue();
		JsonNode dropped = stored("place", "p-" + jdbc.sql(
				"SELECT id FROM place WHERE offering_id = :o AND student_id = :s").param("o", w.offering())
			.param("s", student).query(Long.class).single());
		assertThat(dropped.get("status").asString()).isEqualTo("withdrawn");
		assertThat(dropped.get("withdrawalReason").asString()).isEqualTo("guardian");
		assertThat(dropped.has("endedAt")).isTrue();
	}

	@Test
	void whileTheCityIsDownNothingIsLostAndTheBacklogDrainsInItsLastState() throws IOException {
		reporter.drain();
		World w = world();
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		reporter.connect(URI.create("http://localhost:" + closed), credential.appId(), credential.secret(),
				platformCode);
		long first = w.students().get(0);
		long second = w.students().get(1);
		mark(w.session(), first, "PRESENT");
		mark(w.session(), second, "PRESENT");
		Delivery failed = reporter.deliverOnce();
		assertThat(failed.failed()).isTrue();
		long backlog = outbox();
		assertThat(backlog).isPositive();
		ReportingStatus down = reporter.status();
		assertThat(down.lastError()).isNotBlank();
		assertThat(down.nextAttemptAt()).isNotNull();
		assertThat(down.failures()).isPositive();
		assertThat(reporter.due(down.nextAttemptAt().minusSeconds(1))).isFalse();

		// changes go on while the city is down: the first child's mark twice, a cancellation
		mark(w.session(), first, "LATE");
		mark(w.session(), first, "ABSENT");
		jdbc.sql("UPDATE class_session SET status = 'CANCELLED', reason = 'holiday' WHERE id = :s")
			.param("s", w.session()).update();
		assertThat(reporter.deliverOnce().failed()).isTrue();
		assertThat(outbox()).isGreaterThan(backlog);
		assertThat(reporter.status().failures()).isGreaterThanOrEqualTo(2);

		// the city is back
		reporter.connect(city(), credential.appId(), credential.secret(), platformCode);
		Delivery d = reporter.drain();
		assertThat(d.failed()).as(String.valueOf(d.error())).isFalse();
		assertThat(outbox()).isZero();
		assertThat(reporter.status().failures()).isZero();
		assertThat(reporter.status().nextAttemptAt()).isNull();
		assertThat(stored("attendance", "a-" + w.session() + "-" + first).get("status").asString()).isEqualTo("absent");
		assertThat(stored("attendance", "a-" + w.session() + "-" + second).get("status").asString())
			.isEqualTo("present");
		assertThat(stored("session-cancelled", "cs-" + w.session()).get("reason").asString()).isEqualTo("holiday");
		countsAtTheCityMatchTheSource();
	}

	/** Per type: what the city holds (not deleted) for this platform equals the reportable rows of its schools. */
	void countsAtTheCityMatchTheSource() {
		Map<String, String> source = Map.of(
				"student", "SELECT count(*) FROM student s JOIN school sc ON sc.id = s.school_id WHERE sc.platform_id = :p AND s.id_number_enc IS NOT NULL",
				"class", "SELECT count(*) FROM school_class c JOIN school sc ON sc.id = c.school_id WHERE sc.platform_id = :p",
				"place", "SELECT count(*) FROM place p JOIN offering o ON o.id = p.offering_id JOIN school sc ON sc.id = o.school_id JOIN student st ON st.id = p.student_id WHERE sc.platform_id = :p AND p.confirmed_at IS NOT NULL AND st.id_number_enc IS NOT NULL",
				"attendance", "SELECT count(*) FROM roll_call_mark m JOIN class_session cs ON cs.id = m.session_id JOIN school sc ON sc.id = cs.school_id JOIN student st ON st.id = m.student_id WHERE sc.platform_id = :p AND st.id_number_enc IS NOT NULL",
				"checkin", "SELECT count(*) FROM instructor_check_in c JOIN school sc ON sc.id = c.school_id WHERE sc.platform_id = :p",
				"session-cancelled", "SELECT count(*) FROM class_session cs JOIN school sc ON sc.id = cs.school_id WHERE sc.platform_id = :p AND cs.status = 'CANCELLED'");
		source.forEach((type, sql) -> {
			long expected = jdbc.sql(sql).param("p", platform).query(Long.class).single();
			long atCity = jdbc.sql("""
					SELECT count(*) FROM sup_record WHERE platform_id = :p AND type = :t AND NOT deleted""")
				.param("p", platform).param("t", type).query(Long.class).single();
			assertThat(atCity).as(type + " " + reporter.parked(0, 3)).isEqualTo(expected);
		});
	}

	@Test
	void aFullSyncAndTwoReportersAtOnceDeliverEveryRecordInItsCurrentState() throws Exception {
		reporter.drain();
		World w = world();
		// a platform joining the city with data in it: everything enqueued again, plus changes made meanwhile
		long enqueued = reporter.enqueueAll(50);
		assertThat(enqueued).isPositive();
		for (long s : w.students()) {
			mark(w.session(), s, "PRESENT");
			mark(w.session(), s, "LATE");
		}
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Callable<Delivery> drain = reporter::drain;
			List<Future<Delivery>> runs = pool.invokeAll(List.of(drain, drain));
			for (Future<Delivery> run : runs) {
				assertThat(run.get().failed()).as(String.valueOf(run.get().error())).isFalse();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(outbox()).isZero();
		for (long s : w.students()) {
			assertThat(stored("attendance", "a-" + w.session() + "-" + s).get("status").asString()).isEqualTo("late");
		}
		// every record of this platform at the city has the state of its source row now
		String student = "s-" + w.students().get(0);
		assertThat(stored("student", student).get("studentPseudonym").asString())
			.isEqualTo(pseudonymOf(w.students().get(0)));
		countsAtTheCityMatchTheSource();
		assertThat(reporter.status().parked()).isZero();
		assertThat(reporter.status().deliveredToday()).isPositive();
	}

	@Test
	void triggersEnqueueInsertsUpdatesAndDeletesOfEachReportedTable() {
		World w = world();
		long student = w.students().get(0);
		long from = jdbc.sql("SELECT coalesce(max(id), 0) FROM exchange_outbox").query(Long.class).single();
		mark(w.session(), student, "PRESENT");
		mark(w.session(), student, "ABSENT");
		jdbc.sql("DELETE FROM roll_call_mark WHERE session_id = :se AND student_id = :st").param("se", w.session())
			.param("st", student).update();
		jdbc.sql("UPDATE class_session SET status = 'CANCELLED', reason = 'x' WHERE id = :s").param("s", w.session())
			.update();
		jdbc.sql("UPDATE class_session SET roll_taken_at = now() WHERE id = :s").param("s", w.session()).update();
		jdbc.sql("UPDATE student SET updated_at = now() WHERE id = :s").param("s", student).update();
		long instructor = checkIn(w.session());
		jdbc.sql("UPDATE instructor_check_in SET checked_out_at = checked_in_at + interval '1 hour' WHERE session_id = :s")
			.param("s", w.session()).update();
		jdbc.sql("UPDATE place SET status = 'REMOVED' WHERE offering_id = :o AND student_id = :s")
			.param("o", w.offering()).param("s", student).update();
		long klass = jdbc.sql("""
				INSERT INTO school_class (school_id, grade_id, name)
				SELECT :s, id, '报送测试班' || :n FROM grade WHERE school_id = :s ORDER BY level LIMIT 1 RETURNING id""")
			.param("s", school).param("n", UUID.randomUUID().toString().substring(0, 6)).query(Long.class).single();
		jdbc.sql("DELETE FROM school_class WHERE id = :c").param("c", klass).update();

		List<String> rows = jdbc.sql("""
				SELECT record_type || '/' || source_key || '/' || op FROM exchange_outbox WHERE id > :from ORDER BY id""")
			.param("from", from).query(String.class).list();
		String mark = "attendance/" + w.session() + ":" + student;
		assertThat(rows).containsSubsequence(mark + "/I", mark + "/U", mark + "/D");
		assertThat(rows).contains("session-cancelled/" + w.session() + "/U", "student/" + student + "/U",
				"class/" + klass + "/I", "class/" + klass + "/D");
		assertThat(rows).anyMatch(r -> r.startsWith("place/") && r.endsWith("/U"));
		String checkin = "checkin/" + w.session() + ":" + instructor;
		assertThat(rows).containsSubsequence(checkin + "/I", checkin + "/U");
		// roll_taken_at alone is no cancellation: one session-cancelled row only
		assertThat(rows.stream().filter(r -> r.startsWith("session-cancelled/"))).hasSize(1);
		// ids grow with the changes of one row
		List<Long> ids = jdbc.sql("""
				SELECT id FROM exchange_outbox WHERE id > :from AND record_type = 'attendance' AND source_key = :k
				ORDER BY id""").param("from", from).param("k", w.session() + ":" + student).query(Long.class).list();
		assertThat(ids).isSorted().hasSize(3);
	}

	@Test
	void aRecordTheCityRejectsIsParkedWithItsReasonsAndCanBeRetried() {
		reporter.drain();
		// a class of school1 that the city cannot accept: moved to a school of another platform is not possible,
		// so park through a school served by no platform of this credential
		long foreignTown = towns.registerTown("RT-" + UUID.randomUUID().toString().substring(0, 6), "报送镇", "TOWN").id();
		String code = "RS-" + UUID.randomUUID().toString().substring(0, 6);
		long foreign = schools.register(new NewSchool(code, "报送外校", foreignTown, Stage.PRIMARY, null)).id();
		long grade = jdbc.sql("SELECT id FROM grade WHERE school_id = :s ORDER BY level LIMIT 1")
			.param("s", foreign).query(Long.class).single();
		long klass = jdbc.sql("INSERT INTO school_class (school_id, grade_id, name) VALUES (:s, :g, '1班') RETURNING id")
			.param("s", foreign).param("g", grade).query(Long.class).single();
		// no platform filter: the reporter sends it, the city refuses the school
		reporter.connect(city(), credential.appId(), credential.secret(), null);
		Delivery d = reporter.drain();
		assertThat(d.failed()).isFalse();
		List<ParkedRecord> parked = reporter.parked(0, 20);
		assertThat(parked).anySatisfy(p -> {
			assertThat(p.id()).isEqualTo("c-" + klass);
			assertThat(p.reasons()).isNotBlank();
		});
		assertThat(outbox()).isZero();
		long parkedCount = reporter.status().parked();
		assertThat(parkedCount).isPositive();
		// the city assigns the school to this platform; retrying delivers it
		platforms.assign(foreign, platform);
		assertThat(reporter.retryParked()).isEqualTo((int) parkedCount);
		assertThat(reporter.drain().failed()).isFalse();
		assertThat(stored("class", "c-" + klass).get("schoolCode").asString()).isEqualTo(code);
		assertThat(reporter.parked(0, 20)).noneMatch(p -> p.id().equals("c-" + klass));
	}

	@Test
	void theSimulatorAndThisPlatformReportIntoOneSupervisionPlatform() {
		World w = world();
		mark(w.session(), w.students().get(0), "PRESENT");
		assertThat(reporter.drain().failed()).isFalse();
		// another vendor: its own platform, school and credential
		String tag = UUID.randomUUID().toString().substring(0, 6);
		long town = towns.registerTown("VT-" + tag, "外镇" + tag, "TOWN").id();
		long vendor = platforms.register("VP-" + tag, "外平台" + tag, "外公司", null);
		String code = "VS-" + tag;
		long vendorSchool = schools.register(new NewSchool(code, "外校" + tag, town, Stage.PRIMARY, null)).id();
		platforms.assign(vendorSchool, vendor);
		IssuedCredential other = credentials.issue(vendor);
		ForeignVendorSimulator simulator = new ForeignVendorSimulator(code, pseudonyms, 3, LocalDate.of(2026, 3, 2));
		List<ForeignVendorSimulator.Simulated> records = simulator.generate(ForeignVendorSimulator.Size.small());
		Map<Outcome, Integer> counts = ForeignVendorSimulator.push(
				new ExchangeClient(city(), other.appId(), other.secret()), records, 500);
		assertThat(counts).isEqualTo(ForeignVendorSimulator.expected(records));

		long ours = jdbc.sql("SELECT count(*) FROM sup_record WHERE platform_id = :p").param("p", platform)
			.query(Long.class).single();
		long theirs = jdbc.sql("SELECT count(*) FROM sup_record WHERE platform_id = :p").param("p", vendor)
			.query(Long.class).single();
		assertThat(ours).isPositive();
		assertThat(theirs).isEqualTo(counts.get(Outcome.ACCEPTED).longValue());
		assertThat(stored("attendance", "a-" + w.session() + "-" + w.students().get(0)).get("status").asString())
			.isEqualTo("present");
	}

	@Test
	void theBackOffDoublesUpToTheCapWithJitter() {
		Duration base = Duration.ofSeconds(5);
		Duration max = Duration.ofMinutes(10);
		assertThat(Reporter.backoff(1, base, max, 0)).isEqualTo(base);
		assertThat(Reporter.backoff(2, base, max, 0)).isEqualTo(Duration.ofSeconds(10));
		assertThat(Reporter.backoff(4, base, max, 0)).isEqualTo(Duration.ofSeconds(40));
		assertThat(Reporter.backoff(30, base, max, 0)).isEqualTo(max);
		assertThat(Reporter.backoff(100, base, max, 0)).isEqualTo(max);
		assertThat(Reporter.backoff(2, base, max, 0.999)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
	}
}
