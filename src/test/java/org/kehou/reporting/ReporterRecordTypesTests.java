package org.kehou.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.TestTerms;
import org.kehou.exchange.Pseudonyms;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.supervision.PlatformCredentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seven record types added to the reporter (offering, teacher, order, payment, refund, rating, complaint) and the
 * record version taken at delivery time, on the setup of {@link ReporterTests} (same context: the tiny demo city on
 * a random port reporting to its own supervision side over HTTP; the credential is shared with ReporterTests, since
 * rotating it again would void the other's).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901",
				"kehou.demo.report-to-self=true" })
@ActiveProfiles("test")
class ReporterRecordTypesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	Reporter reporter;

	@Autowired
	org.kehou.ledger.Ledger ledger;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	Pseudonyms pseudonyms;

	@Autowired
	PersonalDataCipher cipher;

	long school;

	long platform;

	String platformCode;

	String schoolCode;

	@BeforeEach
	void connect() {
		school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		platform = jdbc.sql("SELECT platform_id FROM school WHERE id = :s").param("s", school).query(Long.class)
			.single();
		platformCode = jdbc.sql("SELECT code FROM service_platform WHERE id = :p").param("p", platform)
			.query(String.class).single();
		schoolCode = jdbc.sql("SELECT code FROM school WHERE id = :s").param("s", school).query(String.class).single();
		synchronized (ReporterTests.class) {
			if (ReporterTests.credential == null) {
				ReporterTests.credential = credentials.rotate(platform);
			}
		}
		reporter.connect(city(), ReporterTests.credential.appId(), ReporterTests.credential.secret(), platformCode);
		reporter.clearBackoff();
		synchronized (ReporterTests.class) {
			if (!ReporterTests.synced) {
				assertThat(reporter.enqueueAll(500)).isPositive();
				assertThat(reporter.drain().failed()).isFalse();
				ReporterTests.synced = true;
			}
		}
	}

	static LocalDate cityToday() {
		return LocalDate.now(RecordSnapshots.CITY);
	}

	URI city() {
		return URI.create("http://localhost:" + port);
	}

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

	long maxOutboxId() {
		return jdbc.sql("SELECT coalesce(max(id), 0) FROM exchange_outbox").query(Long.class).single();
	}

	List<String> outboxSince(long from) {
		return jdbc.sql("""
				SELECT record_type || '/' || source_key || '/' || op FROM exchange_outbox WHERE id > :from ORDER BY id""")
			.param("from", from).query(String.class).list();
	}

	void drained() {
		Delivery d = reporter.drain();
		assertThat(d.failed()).as(String.valueOf(d.error())).isFalse();
		assertThat(outbox()).isZero();
	}

	/** Everything the city's records need, written as the modules store them. */
	record World(String tag, long term, long offering, long provider, String providerCode, long instructor,
			String instructorName, long staff, String staffName, long student, long place, long line, long payment,
			long refund, long rating, String comment, long complaint, String complaintText) {
	}

	World world() {
		String tag = "RT" + UUID.randomUUID().toString().substring(0, 6);
		long term = TestTerms.create(jdbc, school, tag, 2100, 2999, 4, "OPEN").id();
		String creditCode = "91" + String.format("%016d", Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 10_000_000_000_000_000L);
		long provider = jdbc.sql("""
				INSERT INTO provider (legal_name, credit_code, status) VALUES (:n, :c, 'APPROVED') RETURNING id""")
			.param("n", "报送机构 " + tag).param("c", creditCode).query(Long.class).single();
		long course = jdbc.sql("""
				INSERT INTO course (provider_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:p, :n, 'ARTS', ARRAY[1,2,3], 60, 16, 2000, 1, 500, TRUE, 'APPROVED') RETURNING id""")
			.param("p", provider).param("n", "报送课 " + tag).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long offering = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', 'ARTS', :v, 1, 30, ARRAY[3,1,2], 2000, 60, 16, 'PUBLISHED')
				RETURNING id""")
			.param("t", term).param("s", school).param("c", course).param("p", provider).param("n", "报送课 " + tag)
			.param("v", "教室 " + tag).query(Long.class).single();
		jdbc.sql("""
				INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
				VALUES (:o, :t, :v, 2, '16:30', '17:30')""")
			.param("o", offering).param("t", term).param("v", "教室 " + tag).update();
		String instructorName = "报送教练" + tag;
		String first17 = "1101011980010" + (1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9000));
		String idNumber = first17 + org.kehou.shared.ChineseIdNumber.checkDigit(first17);
		long instructor = jdbc.sql("""
				INSERT INTO instructor (provider_id, name, id_number_enc, id_number_hash, id_number_masked,
				  certificate_type, certificate_no, certificate_valid_until, no_criminal_record_on, labour_contract,
				  contract_start, contract_end)
				VALUES (:p, :n, :e, :h, :m, 'TEACHER', 'T-1', DATE '2999-06-30', :ncr, TRUE,
				  :start, DATE '2999-12-31') RETURNING id""")
			.param("ncr", cityToday().minusDays(10)).param("start", cityToday().minusDays(100)).param("p", provider).param("n", instructorName).param("e", cipher.encrypt(idNumber))
			.param("h", cipher.idNumberHash(idNumber)).param("m", org.kehou.shared.Masking.idNumber(idNumber))
			.query(Long.class).single();
		String staffName = "报送老师" + tag;
		long staff = jdbc.sql("""
				INSERT INTO staff (school_id, staff_no, name, roles) VALUES (:s, :no, :n, '{TEACHER}') RETURNING id""")
			.param("s", school).param("no", tag).param("n", staffName).query(Long.class).single();
		jdbc.sql("""
				INSERT INTO offering_teacher (offering_id, teacher_key, instructor_id) VALUES (:o, :k, :i)""")
			.param("o", offering).param("k", "I" + instructor).param("i", instructor).update();
		jdbc.sql("INSERT INTO offering_teacher (offering_id, teacher_key, staff_id) VALUES (:o, :k, :s)")
			.param("o", offering).param("k", "S" + staff).param("s", staff).update();
		// a child with a guardian (for the complaint)
		long student = jdbc.sql("""
				SELECT s.id FROM student s WHERE s.school_id = :s AND s.status = 'ACTIVE' AND s.id_number_enc IS NOT NULL
				  AND EXISTS (SELECT 1 FROM student_guardian g WHERE g.student_id = s.id) ORDER BY random() LIMIT 1""")
			.param("s", school).query(Long.class).single();
		long place = jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now()) RETURNING id""")
			.param("o", offering).param("s", student).param("t", term).query(Long.class).single();
		long order = jdbc.sql("""
				INSERT INTO billing_order (order_no, student_id, term_id, school_id, charged_fen, exempt_fen, paid_fen,
				  due_at, releases_places, status, paid_at)
				VALUES (:no, :s, :t, :school, 32000, 16000, 16000, now() + interval '1 day', FALSE, 'PAID', now())
				RETURNING id""")
			.param("no", tag).param("s", student).param("t", term).param("school", school).query(Long.class).single();
		long line = jdbc.sql("""
				INSERT INTO billing_order_line (order_id, place_id, offering_id, provider_id, name, fee_per_lesson_fen,
				  lessons, amount_fen, from_date, exemption_category, exemption_percent, exempt_per_lesson_fen)
				VALUES (:o, :pl, :of, :p, :n, 2000, 16, 32000, DATE '2100-09-01', 'SUBSISTENCE', 50, 1000) RETURNING id""")
			.param("o", order).param("pl", place).param("of", offering).param("p", provider).param("n", "报送课 " + tag)
			.query(Long.class).single();
		long posting = ledger.post(new org.kehou.ledger.Posting("reporting:" + tag, org.kehou.ledger.PostingKind.PAYMENT,
				"reporting:" + tag, "报送测试", java.time.Instant.now(), List.of(
						org.kehou.ledger.Leg.debit(org.kehou.ledger.AccountRef.guardianReceivable(student),
								org.kehou.shared.Money.ofFen(16000)),
						org.kehou.ledger.Leg.credit(org.kehou.ledger.AccountRef.schoolAccount(school),
								org.kehou.shared.Money.ofFen(16000)))))
			.id();
		long payment = jdbc.sql("""
				INSERT INTO billing_payment (order_id, method, offline_kind, amount_fen, paid_at, receipt_no, posting_id)
				VALUES (:o, 'OFFLINE', 'CASH', 16000, TIMESTAMPTZ '2100-09-01 10:00:00+08', :r, :p) RETURNING id""")
			.param("o", order).param("r", "SJ" + tag).param("p", posting).query(Long.class).single();
		long refund = jdbc.sql("""
				INSERT INTO billing_refund (order_id, payment_id, refund_no, amount_fen, reason, status, done_at)
				VALUES (:o, :p, :n, 4000, '退课退费', 'DONE', TIMESTAMPTZ '2100-09-20 09:30:00+08') RETURNING id""")
			.param("o", order).param("p", payment).param("n", "TK" + tag).query(Long.class).single();
		jdbc.sql("UPDATE billing_order SET refunded_fen = 4000 WHERE id = :o").param("o", order).update();
		long user = jdbc.sql("SELECT id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		String comment = "评语" + tag + "老师很好";
		long rating = jdbc.sql("""
				INSERT INTO offering_rating (student_id, offering_id, term_id, school_id, provider_id, rated_by, overall,
				  teaching, safety, punctuality, interest, comment, comment_screened, rated_at)
				VALUES (:st, :o, :t, :s, :p, :u, 4, 5, 3, 4, 4, :c, :c, TIMESTAMPTZ '2100-10-01 20:00:00+08') RETURNING id""")
			.param("st", student).param("o", offering).param("t", term).param("s", school).param("p", provider)
			.param("u", user).param("c", comment).query(Long.class).single();
		String complaintText = "投诉内容" + tag + "教练迟到很多次";
		long complaint = jdbc.sql("""
				INSERT INTO complaint (student_id, guardian_id, filed_by, school_id, town_id, subject_kind, offering_id,
				  instructor_id, provider_id, subject_name, text, request_key, status, level, due_at, filed_at)
				SELECT :st, (SELECT guardian_id FROM student_guardian WHERE student_id = :st LIMIT 1), :u, :s, sc.town_id,
				  'INSTRUCTOR', :o, :i, :p, :sn, :txt, :k, 'ACCEPTED', 'SCHOOL',
				  TIMESTAMPTZ '2100-10-08 18:00:00+08', TIMESTAMPTZ '2100-10-02 08:00:00+08'
				FROM school sc WHERE sc.id = :s RETURNING id""")
			.param("st", student).param("u", user).param("s", school).param("o", offering).param("i", instructor)
			.param("p", provider).param("sn", instructorName).param("txt", complaintText).param("k", tag)
			.query(Long.class).single();
		return new World(tag, term, offering, provider, creditCode, instructor, instructorName, staff, staffName,
				student, place, line, payment, refund, rating, comment, complaint, complaintText);
	}

	// --- tests --------------------------------------------------------------------------------------------------

	@Test
	void eachNewTypeArrivesWithTheRightDataInTheCitysReadModelsAndWithoutPersonalData() {
		reporter.drain();
		World w = world();
		drained();

		JsonNode o = stored("offering", "o-" + w.offering());
		assertThat(o.get("schoolCode").asString()).isEqualTo(schoolCode);
		assertThat(o.get("term").asString()).isEqualTo(RecordSnapshots.term(jdbc.sql(
				"SELECT starts_on FROM term WHERE id = :t").param("t", w.term()).query(LocalDate.class).single()));
		assertThat(o.get("delivery").asString()).isEqualTo("provider");
		assertThat(o.get("providerCode").asString()).isEqualTo(w.providerCode());
		assertThat(o.get("priceFen").asLong()).isEqualTo(32000);
		assertThat(o.get("capacity").asInt()).isEqualTo(30);
		assertThat(o.get("grades").toString()).isEqualTo("[1,2,3]");
		assertThat(o.get("weeklySlots")).hasSize(1);
		JsonNode slot = o.get("weeklySlots").get(0);
		assertThat(slot.get("dayOfWeek").asInt()).isEqualTo(2);
		assertThat(slot.get("start").asString()).isEqualTo("16:30");
		assertThat(slot.get("end").asString()).isEqualTo("17:30");
		assertThat(o.get("sessionCount").asInt()).isEqualTo(16);
		assertThat(o.get("status").asString()).isEqualTo("open");
		JsonNode instructor = o.get("instructors").get(0);
		assertThat(instructor.get("instructorId").asString()).isEqualTo("i-" + w.instructor());
		assertThat(instructor.get("kind").asString()).isEqualTo("provider-instructor");
		assertThat(instructor.get("documentsValid").asBoolean()).isTrue();
		// the earliest end: the no criminal record certificate, a year after its issue
		assertThat(instructor.get("documentsValidUntil").asString())
			.isEqualTo(cityToday().minusDays(10).plusYears(1).minusDays(1).toString());
		JsonNode teacher = o.get("instructors").get(1);
		assertThat(teacher.get("instructorId").asString()).isEqualTo("t-" + w.staff());
		assertThat(teacher.get("kind").asString()).isEqualTo("school-teacher");
		// the city's read model has it with both instructors
		List<String> instructors = jdbc.sql("""
				SELECT unnest(instructors) FROM sup_offering WHERE platform_id = :p AND record_id = :r""")
			.param("p", platform).param("r", "o-" + w.offering()).query(String.class).list();
		assertThat(instructors).containsExactly("i-" + w.instructor(), "t-" + w.staff());

		JsonNode t = stored("teacher", "t-" + w.staff());
		assertThat(t.get("role").asString()).isEqualTo("subject-teacher");
		assertThat(t.get("active").asBoolean()).isTrue();
		assertThat(t.size()).isEqualTo(3);

		JsonNode order = stored("order", "or-" + w.line());
		assertThat(order.get("offeringId").asString()).isEqualTo("o-" + w.offering());
		assertThat(order.get("placeId").asString()).isEqualTo("p-" + w.place());
		assertThat(stored("place", "p-" + w.place()).get("studentPseudonym").asString())
			.isEqualTo(order.get("studentPseudonym").asString());
		assertThat(order.get("priceFen").asLong()).isEqualTo(32000);
		assertThat(order.get("exemptedFen").asLong()).isEqualTo(16000);
		assertThat(order.get("dueFen").asLong()).isZero();
		assertThat(order.get("exemptionReason").asString()).isEqualTo("hardship");
		assertThat(order.get("status").asString()).isEqualTo("partly-refunded");
		assertThat(jdbc.sql("SELECT status FROM sup_order WHERE platform_id = :p AND record_id = :r")
			.param("p", platform).param("r", "or-" + w.line()).query(String.class).single())
			.isEqualTo("partly-refunded");

		JsonNode payment = stored("payment", "pay-" + w.payment());
		assertThat(payment.get("orderId").asString()).isEqualTo("or-" + w.line());
		assertThat(payment.get("amountFen").asLong()).isEqualTo(16000);
		assertThat(payment.get("channel").asString()).isEqualTo("cash");
		assertThat(payment.get("paidAt").asString()).isEqualTo("2100-09-01T10:00:00+08:00");
		assertThat(jdbc.sql("SELECT amount_fen FROM sup_payment WHERE platform_id = :p AND record_id = :r")
			.param("p", platform).param("r", "pay-" + w.payment()).query(Long.class).single()).isEqualTo(16000);

		JsonNode refund = stored("refund", "rf-" + w.refund());
		assertThat(refund.get("orderId").asString()).isEqualTo("or-" + w.line());
		assertThat(refund.get("paymentId").asString()).isEqualTo("pay-" + w.payment());
		assertThat(refund.get("reason").asString()).isEqualTo("withdrawal");
		assertThat(refund.get("refundedAt").asString()).isEqualTo("2100-09-20T09:30:00+08:00");
		assertThat(jdbc.sql("SELECT amount_fen FROM sup_refund WHERE platform_id = :p AND record_id = :r")
			.param("p", platform).param("r", "rf-" + w.refund()).query(Long.class).single()).isEqualTo(4000);

		JsonNode rating = stored("rating", "r-" + w.rating());
		JsonNode scores = rating.get("scores");
		assertThat(scores.size()).isEqualTo(3);
		assertThat(scores.get("overall").asInt()).isEqualTo(4);
		assertThat(scores.get("teaching").asInt()).isEqualTo(5);
		assertThat(scores.get("safety").asInt()).isEqualTo(3);
		assertThat(rating.get("offeringId").asString()).isEqualTo("o-" + w.offering());
		assertThat(rating.get("ratedAt").asString()).isEqualTo("2100-10-01T20:00:00+08:00");
		assertThat(jdbc.sql("SELECT overall FROM sup_rating WHERE platform_id = :p AND record_id = :r")
			.param("p", platform).param("r", "r-" + w.rating()).query(Integer.class).single()).isEqualTo(4);

		JsonNode complaint = stored("complaint", "cp-" + w.complaint());
		assertThat(complaint.get("subjectKind").asString()).isEqualTo("instructor");
		assertThat(complaint.get("subjectId").asString()).isEqualTo("i-" + w.instructor());
		assertThat(complaint.get("providerCode").asString()).isEqualTo(w.providerCode());
		assertThat(complaint.get("level").asString()).isEqualTo("school");
		assertThat(complaint.get("status").asString()).isEqualTo("in-progress");
		assertThat(complaint.get("receivedAt").asString()).isEqualTo("2100-10-02T08:00:00+08:00");
		assertThat(complaint.get("dueAt").asString()).isEqualTo("2100-10-08T18:00:00+08:00");
		assertThat(complaint.has("finding")).isFalse();
		assertThat(jdbc.sql("SELECT status FROM sup_complaint WHERE platform_id = :p AND record_id = :r")
			.param("p", platform).param("r", "cp-" + w.complaint()).query(String.class).single())
			.isEqualTo("in-progress");

		// nothing personal: no name of the child, the instructor or the teacher, no ID number, no comment, no text
		String studentName = jdbc.sql("SELECT name FROM student WHERE id = :s").param("s", w.student())
			.query(String.class).single();
		String idNumber = cipher.decrypt(jdbc.sql("SELECT id_number_enc FROM student WHERE id = :s")
			.param("s", w.student()).query(byte[].class).single());
		for (String secret : List.of(studentName, idNumber, w.instructorName(), w.staffName(), w.comment(),
				w.complaintText())) {
			long leaks = jdbc.sql("""
					SELECT count(*) FROM sup_record WHERE platform_id = :p AND data::text LIKE '%' || :x || '%'""")
				.param("p", platform).param("x", secret).query(Long.class).single();
			assertThat(leaks).as(secret).isZero();
		}

		// the course goes on: resolved and upheld; the rating deleted with its child's data; the offering cancelled
		jdbc.sql("""
				UPDATE complaint SET status = 'RESOLVED', finding = 'PARTLY', resolved_at = TIMESTAMPTZ '2100-10-05 12:00:00+08'
				WHERE id = :c""").param("c", w.complaint()).update();
		jdbc.sql("DELETE FROM offering_rating WHERE id = :r").param("r", w.rating()).update();
		jdbc.sql("UPDATE offering SET status = 'CANCELLED' WHERE id = :o").param("o", w.offering()).update();
		jdbc.sql("UPDATE billing_refund SET status = 'PENDING', done_at = NULL WHERE id = :r").param("r", w.refund())
			.update();
		drained();
		JsonNode resolved = stored("complaint", "cp-" + w.complaint());
		assertThat(resolved.get("status").asString()).isEqualTo("resolved");
		assertThat(resolved.get("finding").asString()).isEqualTo("partly-upheld");
		assertThat(resolved.get("resolvedAt").asString()).isEqualTo("2100-10-05T12:00:00+08:00");
		assertThat(deletedAtCity("rating", "r-" + w.rating())).isTrue();
		assertThat(jdbc.sql("SELECT count(*) FROM sup_rating WHERE platform_id = :p AND record_id = :r")
			.param("p", platform).param("r", "r-" + w.rating()).query(Long.class).single()).isZero();
		assertThat(stored("offering", "o-" + w.offering()).get("status").asString()).isEqualTo("cancelled");
		// a refund no longer done is no refund
		assertThat(deletedAtCity("refund", "rf-" + w.refund())).isTrue();
		assertThat(reporter.status().parked()).isZero();
	}

	@Test
	void triggersEnqueueChangesTheStandardCarriesAndNothingElse() {
		reporter.drain();
		World w = world();
		drained();
		long from = maxOutboxId();
		// no-op updates and columns the standard does not carry
		jdbc.sql("UPDATE offering SET taken = taken, updated_at = now(), version = version + 1, venue = venue || '1' WHERE id = :o")
			.param("o", w.offering()).update();
		jdbc.sql("UPDATE staff SET name = name || '改', subject = '数学' WHERE id = :s").param("s", w.staff()).update();
		jdbc.sql("UPDATE instructor SET name = name || '改', updated_at = now() WHERE id = :i")
			.param("i", w.instructor()).update();
		jdbc.sql("UPDATE offering_rating SET comment = '新评语很好', comment_screened = '新评语很好' WHERE id = :r")
			.param("r", w.rating()).update();
		jdbc.sql("UPDATE complaint SET text = text || '补充', response = '已处理中' WHERE id = :c")
			.param("c", w.complaint()).update();
		jdbc.sql("UPDATE billing_refund SET attempts = attempts + 1, last_error = 'x' WHERE id = :r")
			.param("r", w.refund()).update();
		jdbc.sql("UPDATE billing_order SET due_at = due_at + interval '1 day' WHERE id = (SELECT order_id FROM billing_order_line WHERE id = :l)")
			.param("l", w.line()).update();
		jdbc.sql("UPDATE billing_payment SET note = '备注' WHERE id = :p").param("p", w.payment()).update();
		jdbc.sql("UPDATE offering SET capacity = capacity WHERE id = :o").param("o", w.offering()).update();
		assertThat(outboxSince(from)).isEmpty();

		// changes that are carried
		jdbc.sql("UPDATE offering SET capacity = capacity + 1 WHERE id = :o").param("o", w.offering()).update();
		jdbc.sql("UPDATE offering_slot SET ends_at = '17:45' WHERE offering_id = :o").param("o", w.offering()).update();
		jdbc.sql("UPDATE staff SET roles = '{HOMEROOM}' WHERE id = :s").param("s", w.staff()).update();
		jdbc.sql("UPDATE offering_rating SET overall = 2, revised_at = now() WHERE id = :r").param("r", w.rating())
			.update();
		jdbc.sql("UPDATE complaint SET level = 'TOWN', escalations = 1, status = 'OPEN' WHERE id = :c")
			.param("c", w.complaint()).update();
		jdbc.sql("UPDATE billing_order SET status = 'CLOSED', closed_at = now() WHERE id = (SELECT order_id FROM billing_order_line WHERE id = :l)")
			.param("l", w.line()).update();
		jdbc.sql("UPDATE billing_payment SET amount_fen = 15000 WHERE id = :p").param("p", w.payment()).update();
		jdbc.sql("UPDATE billing_refund SET amount_fen = 3000 WHERE id = :r").param("r", w.refund()).update();
		// an instructor's documents: every offering it teaches
		jdbc.sql("UPDATE instructor SET certificate_valid_until = :d WHERE id = :i")
			.param("d", cityToday().minusDays(1)).param("i", w.instructor()).update();
		jdbc.sql("DELETE FROM offering_teacher WHERE offering_id = :o AND staff_id = :s").param("o", w.offering())
			.param("s", w.staff()).update();
		jdbc.sql("DELETE FROM offering_rating WHERE id = :r").param("r", w.rating()).update();
		List<String> rows = outboxSince(from);
		String offering = "offering/" + w.offering() + "/U";
		assertThat(rows).containsExactly(offering, offering, "teacher/" + w.staff() + "/U", "rating/" + w.rating() + "/U",
				"complaint/" + w.complaint() + "/U", "order/" + w.line() + "/U", "payment/" + w.payment() + "/U",
				"refund/" + w.refund() + "/U", offering, offering, "rating/" + w.rating() + "/D");

		drained();
		JsonNode o = stored("offering", "o-" + w.offering());
		assertThat(o.get("capacity").asInt()).isEqualTo(31);
		assertThat(o.get("weeklySlots").get(0).get("end").asString()).isEqualTo("17:45");
		assertThat(o.get("instructors")).hasSize(1);
		assertThat(o.get("instructors").get(0).get("documentsValid").asBoolean()).isFalse();
		assertThat(o.get("instructors").get(0).get("documentsValidUntil").asString())
			.isEqualTo(cityToday().minusDays(1).toString());
		assertThat(stored("teacher", "t-" + w.staff()).get("role").asString()).isEqualTo("head-teacher");
		assertThat(stored("complaint", "cp-" + w.complaint()).get("status").asString()).isEqualTo("escalated");
		assertThat(stored("complaint", "cp-" + w.complaint()).get("level").asString()).isEqualTo("town");
		assertThat(stored("order", "or-" + w.line()).get("status").asString()).isEqualTo("partly-refunded");
		assertThat(stored("payment", "pay-" + w.payment()).get("amountFen").asLong()).isEqualTo(15000);
		assertThat(stored("refund", "rf-" + w.refund()).get("amountFen").asLong()).isEqualTo(3000);
		assertThat(deletedAtCity("rating", "r-" + w.rating())).isTrue();

		// inserts and deletes of a teacher
		long from2 = maxOutboxId();
		long staff = jdbc.sql("INSERT INTO staff (school_id, staff_no, name) VALUES (:s, :no, '临时老师') RETURNING id")
			.param("s", school).param("no", w.tag() + "x").query(Long.class).single();
		jdbc.sql("DELETE FROM staff WHERE id = :s").param("s", staff).update();
		assertThat(outboxSince(from2)).containsExactly("teacher/" + staff + "/I", "teacher/" + staff + "/D");
		drained();
		assertThat(deletedAtCity("teacher", "t-" + staff)).isTrue();
	}

	/**
	 * The version race of derived records: two students of one class change in two transactions; the first to take
	 * an outbox id commits last. With the outbox id as the version, the second delivery (the class with both changes)
	 * carried the smaller version and the city kept the stale count; with the version taken at delivery time, the
	 * newest state wins.
	 */
	@Test
	void aDerivedRecordKeepsItsNewestStateWhenItsChangesCommitInTheOppositeOrderOfTheirOutboxIds() throws Exception {
		reporter.drain();
		long klass = jdbc.sql("""
				SELECT class_id FROM student WHERE school_id = :s AND status = 'ACTIVE' GROUP BY class_id
				HAVING count(*) >= 3 ORDER BY class_id LIMIT 1""").param("s", school).query(Long.class).single();
		List<Long> two = jdbc.sql("""
				SELECT id FROM student WHERE class_id = :c AND status = 'ACTIVE' ORDER BY id LIMIT 2""")
			.param("c", klass).query(Long.class).list();
		try {
			try (Connection first = dataSource.getConnection()) {
				first.setAutoCommit(false);
				try (PreparedStatement leave = first.prepareStatement("UPDATE student SET status = 'LEFT' WHERE id = ?")) {
					leave.setLong(1, two.get(0));
					assertThat(leave.executeUpdate()).isOne(); // its outbox rows take the smaller ids, not committed
				}
				long before = maxOutboxId();
				jdbc.sql("UPDATE student SET status = 'LEFT' WHERE id = :s").param("s", two.get(1)).update();
				assertThat(maxOutboxId()).isGreaterThan(before);
				// the class goes with the second child gone and the first still there
				Delivery d = reporter.drain();
				assertThat(d.failed()).as(String.valueOf(d.error())).isFalse();
				first.commit();
			}
			long version = jdbc.sql("""
					SELECT version FROM sup_record WHERE platform_id = :p AND type = 'class' AND record_id = :r""")
				.param("p", platform).param("r", "c-" + klass).query(Long.class).single();
			drained();
			long active = jdbc.sql("SELECT count(*) FROM student WHERE class_id = :c AND status = 'ACTIVE'")
				.param("c", klass).query(Long.class).single();
			assertThat(stored("class", "c-" + klass).get("studentCount").asLong()).isEqualTo(active);
			assertThat(jdbc.sql("""
					SELECT version FROM sup_record WHERE platform_id = :p AND type = 'class' AND record_id = :r""")
				.param("p", platform).param("r", "c-" + klass).query(Long.class).single()).isGreaterThan(version);
		}
		finally {
			jdbc.sql("UPDATE student SET status = 'ACTIVE' WHERE id IN (:a, :b)").param("a", two.get(0))
				.param("b", two.get(1)).update();
			reporter.drain();
		}
		assertThat(stored("class", "c-" + klass).get("studentCount").asLong()).isEqualTo(jdbc.sql(
				"SELECT count(*) FROM student WHERE class_id = :c AND status = 'ACTIVE'").param("c", klass)
			.query(Long.class).single());
	}

	@Test
	void aFullSyncBringsEveryRecordOfTheNewTypesAndTheCountsMatchTheSource() {
		reporter.drain();
		world();
		drained();
		assertThat(reporter.enqueueAll(200)).isPositive();
		drained();
		Map<String, String> source = Map.of(
				"offering", "SELECT count(*) FROM offering o JOIN school sc ON sc.id = o.school_id WHERE sc.platform_id = :p AND o.status <> 'DRAFT'",
				"teacher", "SELECT count(*) FROM staff s JOIN school sc ON sc.id = s.school_id WHERE sc.platform_id = :p",
				"order", "SELECT count(*) FROM billing_order_line l JOIN billing_order bo ON bo.id = l.order_id JOIN school sc ON sc.id = bo.school_id JOIN student st ON st.id = bo.student_id WHERE sc.platform_id = :p AND st.id_number_enc IS NOT NULL",
				"payment", "SELECT count(*) FROM billing_payment p JOIN billing_order bo ON bo.id = p.order_id JOIN school sc ON sc.id = bo.school_id WHERE sc.platform_id = :p",
				"refund", "SELECT count(*) FROM billing_refund r JOIN billing_order bo ON bo.id = r.order_id JOIN school sc ON sc.id = bo.school_id WHERE sc.platform_id = :p AND r.status = 'DONE'",
				"rating", "SELECT count(*) FROM offering_rating r JOIN school sc ON sc.id = r.school_id WHERE sc.platform_id = :p",
				"complaint", "SELECT count(*) FROM complaint c JOIN school sc ON sc.id = c.school_id WHERE sc.platform_id = :p");
		source.forEach((type, sql) -> {
			long expected = jdbc.sql(sql).param("p", platform).query(Long.class).single();
			long atCity = jdbc.sql("""
					SELECT count(*) FROM sup_record WHERE platform_id = :p AND type = :t AND NOT deleted""")
				.param("p", platform).param("t", type).query(Long.class).single();
			assertThat(atCity).as(type + " " + reporter.parked(0, 3)).isEqualTo(expected);
		});
		long offerings = jdbc.sql("SELECT count(*) FROM sup_offering WHERE platform_id = :p").param("p", platform)
			.query(Long.class).single();
		assertThat(offerings).isEqualTo(jdbc.sql(source.get("offering")).param("p", platform).query(Long.class)
			.single());
		assertThat(reporter.status().parked()).isZero();
	}

	@Test
	void offeringsWhoseStateChangesWithTheDateAloneAreEnqueuedOnTheDayItChanges() {
		reporter.drain();
		World w = world();
		jdbc.sql("UPDATE instructor SET certificate_valid_until = :d WHERE id = :i")
			.param("d", cityToday().plusDays(5)).param("i", w.instructor()).update();
		drained();
		assertThat(stored("offering", "o-" + w.offering()).get("instructors").get(0).get("documentsValid").asBoolean())
			.isTrue();
		String row = "offering/" + w.offering() + "/U";
		long from = maxOutboxId();
		reporter.enqueueDateChanges(cityToday().plusDays(5));
		assertThat(outboxSince(from)).doesNotContain(row);
		// the day after the certificate's last day, and the day the term starts
		reporter.enqueueDateChanges(cityToday().plusDays(6));
		assertThat(outboxSince(from)).containsOnlyOnce(row);
		long from2 = maxOutboxId();
		reporter.enqueueDateChanges(jdbc.sql("SELECT starts_on FROM term WHERE id = :t").param("t", w.term())
			.query(LocalDate.class).single());
		assertThat(outboxSince(from2)).containsOnlyOnce(row);
		drained();
	}

	@Test
	void theDailyCounterIsKeptFourHundredDays() {
		LocalDate old = cityToday().minusDays(401);
		LocalDate kept = cityToday().minusDays(399);
		jdbc.sql("""
				INSERT INTO exchange_delivered_day (day, delivered) VALUES (:old, 5), (:kept, 7)
				ON CONFLICT (day) DO NOTHING""").param("old", old).param("kept", kept).update();
		assertThat(reporter.sweepDeliveredDays()).isPositive();
		assertThat(jdbc.sql("SELECT count(*) FROM exchange_delivered_day WHERE day <= :old").param("old", old)
			.query(Long.class).single()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM exchange_delivered_day WHERE day = :kept").param("kept", kept)
			.query(Long.class).single()).isOne();
	}
}
