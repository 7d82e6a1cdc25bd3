package org.kehou.statistics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Leg;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.Posting;
import org.kehou.ledger.PostingKind;
import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A statistics test world on the shared demo database, written directly with SQL (no events): a term of demo school2
 * of its own in a far-future September (named 测试…, 8 weeks), so that every figure bound to the period counts this
 * world only; published offerings (a provider's ARTS course and a school's SPORTS course), a cancelled and a draft
 * one (never counted), demo children of school2 (none of a guardian with an account) with confirmed and dropped
 * places, weekly sessions with roll-call marks, instructor check-ins, ratings, complaints, orders with exemptions,
 * payments and refunds. {@link #clean()} removes it all again (the ledger's postings stay: they are immutable); the
 * demo instructor teaches the provider's course here, so nothing of school2 may stay in its lists.
 */
final class StatisticsWorld {

	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	final JdbcClient jdbc;

	final Ledger ledger;

	final long school;

	final long schoolAdmin;

	final long term;

	final LocalDate monday;

	final String tag;

	final long provider;

	final long instructor;

	final List<Long> offerings = new ArrayList<>();

	final List<Long> courses = new ArrayList<>();

	final List<Long> orders = new ArrayList<>();

	StatisticsWorld(JdbcClient jdbc, Ledger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		this.schoolAdmin = jdbc.sql("SELECT id FROM app_user WHERE username = 'school2'").query(Long.class).single();
		this.tag = "S" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		org.kehou.TestTerms.Term made = org.kehou.TestTerms.create(jdbc, school, tag, 2100, 2999, 8, "OPEN");
		this.term = made.id();
		this.monday = made.monday();
		this.instructor = jdbc.sql("SELECT instructor_id FROM app_user WHERE username = 'instructor1'")
			.query(Long.class)
			.single();
		this.provider = jdbc.sql("SELECT provider_id FROM instructor WHERE id = :i")
			.param("i", instructor)
			.query(Long.class)
			.single();
	}

	LocalDate lastDay() {
		return monday.plusWeeks(8).minusDays(1);
	}

	/** An instant of a day of the term at a city time. */
	Instant at(int day, int hour, int minute) {
		return monday.plusDays(day).atTime(hour, minute).atZone(CITY).toInstant();
	}

	/** An offering with {@code weeks} weekly sessions on {@code weekday} (1 = Monday) at 15:30–16:30. */
	long offering(String name, String category, Long provider, int capacity, long feeFen, int weeks, int weekday,
			String status) {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, :c, ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, :w, :f, 1, 500, TRUE,
				        'APPROVED') RETURNING id""")
			.param("s", school)
			.param("n", name + " " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("c", category)
			.param("w", weeks)
			.param("f", feeFen)
			.query(Long.class)
			.single();
		courses.add(course);
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long id = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', :cat, :v, 1, :cap, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  :f, 60, :w, :status) RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("p", provider)
			.param("n", name)
			.param("cat", category)
			.param("v", "教室 " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("cap", capacity)
			.param("f", feeFen)
			.param("w", weeks)
			.param("status", status)
			.query(Long.class)
			.single();
		offerings.add(id);
		for (int week = 0; week < weeks; week++) {
			jdbc.sql("""
					INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
					VALUES (:o, :t, :s, :d, :a, :b, :wd)""")
				.param("o", id)
				.param("t", term)
				.param("s", school)
				.param("d", monday.plusWeeks(week).plusDays(weekday - 1))
				.param("a", LocalTime.of(15, 30))
				.param("b", LocalTime.of(16, 30))
				.param("wd", weekday)
				.update();
		}
		return id;
	}

	List<Long> sessions(long offering) {
		return jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o ORDER BY session_date")
			.param("o", offering)
			.query(Long.class)
			.list();
	}

	/** Active demo children of school2 with a guardian (the last ones: the demo guardian's child is among the first). */
	List<Long> children(int count) {
		return jdbc.sql("""
				SELECT s.id FROM student s WHERE s.school_id = :s AND s.status = 'ACTIVE' AND s.student_no NOT LIKE 'ZT-%'
				  AND EXISTS (SELECT 1 FROM student_guardian g WHERE g.student_id = s.id)
				ORDER BY s.id DESC LIMIT :n""")
			.param("s", school)
			.param("n", count)
			.query(Long.class)
			.list();
	}

	long place(long offering, long student, String status) {
		if ("CONFIRMED".equals(status)) {
			jdbc.sql("UPDATE offering SET taken = taken + 1 WHERE id = :o").param("o", offering).update();
		}
		return jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at, ended_at)
				VALUES (:o, :s, :t, :status, 'MANUAL', '{}', now(), CASE WHEN :status = 'CONFIRMED' THEN NULL ELSE now() END)
				RETURNING id""")
			.param("o", offering)
			.param("s", student)
			.param("t", term)
			.param("status", status)
			.query(Long.class)
			.single();
	}

	void mark(long session, long student, String mark) {
		jdbc.sql("INSERT INTO roll_call_mark (session_id, student_id, mark) VALUES (:s, :st, :m)")
			.param("s", session)
			.param("st", student)
			.param("m", mark)
			.update();
	}

	/** The instructor checks in {@code seconds} after the session's start. */
	void checkIn(long session, long seconds) {
		jdbc.sql("""
				INSERT INTO instructor_check_in (session_id, instructor_id, provider_id, school_id, session_date, checked_in_at)
				SELECT cs.id, :i, :p, cs.school_id, cs.session_date,
				  ((cs.session_date + cs.starts_at) AT TIME ZONE 'Asia/Shanghai') + make_interval(secs => :sec)
				FROM class_session cs WHERE cs.id = :s""")
			.param("i", instructor)
			.param("p", provider)
			.param("sec", seconds)
			.param("s", session)
			.update();
	}

	void rate(long offering, long student, int overall, Instant ratedAt, @org.jspecify.annotations.Nullable Instant revisedAt) {
		jdbc.sql("""
				INSERT INTO offering_rating (student_id, offering_id, term_id, school_id, provider_id, rated_by, overall,
				  teaching, safety, punctuality, interest, rated_at, revised_at)
				SELECT :st, o.id, o.term_id, o.school_id, o.provider_id, :by, :overall, 3, 3, 3, 3, :at, CAST(:rev AS TIMESTAMPTZ)
				FROM offering o WHERE o.id = :o""")
			.param("st", student)
			.param("by", schoolAdmin)
			.param("overall", overall)
			.param("at", java.sql.Timestamp.from(ratedAt))
			.param("rev", revisedAt == null ? null : java.sql.Timestamp.from(revisedAt))
			.param("o", offering)
			.update();
	}

	void complain(long offering, long student, Instant filedAt, Instant dueAt, String status) {
		jdbc.sql("""
				INSERT INTO complaint (student_id, guardian_id, filed_by, school_id, town_id, subject_kind, offering_id,
				  subject_name, text, request_key, status, due_at, filed_at)
				SELECT :st, (SELECT min(guardian_id) FROM student_guardian WHERE student_id = :st), :by, s.id, s.town_id,
				  'OFFERING', :o, '测试课程', '这是一条统计测试用的投诉内容。', :key, :status, :due, :filed
				FROM school s WHERE s.id = :school""")
			.param("st", student)
			.param("by", schoolAdmin)
			.param("o", offering)
			.param("key", tag + "-" + SEQUENCE.incrementAndGet())
			.param("status", status)
			.param("due", java.sql.Timestamp.from(dueAt))
			.param("filed", java.sql.Timestamp.from(filedAt))
			.param("school", school)
			.update();
	}

	/** An order of one line for the place, created at {@code created}, with {@code exemptPerLesson} off each lesson. */
	long order(long student, long place, long offering, long feePerLesson, int lessons, long exemptPerLesson,
			String status, Instant created) {
		long order = jdbc.sql("""
				INSERT INTO billing_order (order_no, student_id, term_id, school_id, status, charged_fen, exempt_fen,
				  due_at, releases_places, created_at, paid_at, closed_at)
				VALUES (:no, :st, :t, :s, 'UNPAID', :charged, :exempt, :due, FALSE, :created, NULL, NULL) RETURNING id""")
			.param("no", "T" + tag + SEQUENCE.incrementAndGet())
			.param("st", student)
			.param("t", term)
			.param("s", school)
			.param("charged", feePerLesson * lessons)
			.param("exempt", exemptPerLesson * lessons)
			.param("due", java.sql.Timestamp.from(created.plusSeconds(86_400)))
			.param("created", java.sql.Timestamp.from(created))
			.query(Long.class)
			.single();
		orders.add(order);
		jdbc.sql("""
				INSERT INTO billing_order_line (order_id, place_id, offering_id, provider_id, name, fee_per_lesson_fen,
				  lessons, amount_fen, from_date, exempt_per_lesson_fen, exemption_percent, created_at)
				SELECT :order, :place, o.id, o.provider_id, o.name, :fee, :lessons, :fee * :lessons, :from, :exempt,
				  CASE WHEN :exempt > 0 THEN 50 ELSE 0 END, :created
				FROM offering o WHERE o.id = :o""")
			.param("order", order)
			.param("place", place)
			.param("fee", feePerLesson)
			.param("lessons", lessons)
			.param("from", monday)
			.param("exempt", exemptPerLesson)
			.param("created", java.sql.Timestamp.from(created))
			.param("o", offering)
			.update();
		if ("CLOSED".equals(status)) {
			jdbc.sql("UPDATE billing_order SET status = 'CLOSED', closed_at = :at WHERE id = :id")
				.param("at", java.sql.Timestamp.from(created.plusSeconds(60)))
				.param("id", order)
				.update();
		}
		return order;
	}

	/** A payment of the order (offline, cash) at {@code paidAt}; the order becomes PAID. */
	long pay(long order, long student, long amountFen, Instant paidAt) {
		int n = SEQUENCE.incrementAndGet();
		long posting = ledger.post(new Posting("stat-test-pay-" + tag + "-" + n, PostingKind.PAYMENT, "order:" + order,
				"统计测试缴费", paidAt, List.of(Leg.debit(AccountRef.gatewayClearing(), Money.ofFen(amountFen)),
						Leg.credit(AccountRef.guardianReceivable(student), Money.ofFen(amountFen)))))
			.id();
		long payment = jdbc.sql("""
				INSERT INTO billing_payment (order_id, method, offline_kind, amount_fen, paid_at, receipt_no, posting_id)
				VALUES (:o, 'OFFLINE', 'CASH', :a, :at, :receipt, :posting) RETURNING id""")
			.param("o", order)
			.param("a", amountFen)
			.param("at", java.sql.Timestamp.from(paidAt))
			.param("receipt", "R" + tag + n)
			.param("posting", posting)
			.query(Long.class)
			.single();
		jdbc.sql("UPDATE billing_order SET status = 'PAID', paid_at = :at, paid_fen = paid_fen + :a WHERE id = :o")
			.param("at", java.sql.Timestamp.from(paidAt))
			.param("a", amountFen)
			.param("o", order)
			.update();
		return payment;
	}

	/** A refund of the payment, done at {@code doneAt} (or pending when null). */
	void refund(long order, long payment, long amountFen, @org.jspecify.annotations.Nullable Instant doneAt) {
		jdbc.sql("""
				INSERT INTO billing_refund (order_id, payment_id, refund_no, amount_fen, reason, status, done_at)
				VALUES (:o, :p, :no, :a, '退课退费（测试）', :status, CAST(:done AS TIMESTAMPTZ))""")
			.param("o", order)
			.param("p", payment)
			.param("no", "RF" + tag + SEQUENCE.incrementAndGet())
			.param("a", amountFen)
			.param("status", doneAt == null ? "PENDING" : "DONE")
			.param("done", doneAt == null ? null : java.sql.Timestamp.from(doneAt))
			.update();
		if (doneAt != null) {
			jdbc.sql("UPDATE billing_order SET refunded_fen = refunded_fen + :a WHERE id = :o")
				.param("a", amountFen)
				.param("o", order)
				.update();
		}
	}

	/** Removes every row of the world, the term included, except the ledger's (immutable) postings. */
	void clean() {
		Long[] o = offerings.toArray(Long[]::new);
		Long[] b = orders.toArray(Long[]::new);
		String[] statements = { "DELETE FROM billing_refund WHERE order_id = ANY(CAST(:b AS BIGINT[]))",
				"DELETE FROM billing_payment WHERE order_id = ANY(CAST(:b AS BIGINT[]))",
				"DELETE FROM billing_order_line WHERE order_id = ANY(CAST(:b AS BIGINT[]))",
				"DELETE FROM billing_order WHERE id = ANY(CAST(:b AS BIGINT[]))",
				"DELETE FROM complaint WHERE offering_id = ANY(CAST(:o AS BIGINT[]))",
				"DELETE FROM offering_rating WHERE offering_id = ANY(CAST(:o AS BIGINT[]))",
				"DELETE FROM instructor_check_in WHERE session_id IN (SELECT id FROM class_session WHERE offering_id = ANY(CAST(:o AS BIGINT[])))",
				"DELETE FROM roll_call_mark WHERE session_id IN (SELECT id FROM class_session WHERE offering_id = ANY(CAST(:o AS BIGINT[])))",
				"DELETE FROM class_session WHERE offering_id = ANY(CAST(:o AS BIGINT[]))",
				"DELETE FROM place WHERE offering_id = ANY(CAST(:o AS BIGINT[]))",
				// the offerings taught by the demo instructor would show in its and its provider's lists
				"DELETE FROM offering_teacher WHERE offering_id = ANY(CAST(:o AS BIGINT[]))",
				"DELETE FROM offering WHERE id = ANY(CAST(:o AS BIGINT[]))",
				"DELETE FROM programme_course WHERE course_id = ANY(CAST(:c AS BIGINT[]))",
				"DELETE FROM course WHERE id = ANY(CAST(:c AS BIGINT[]))",
				"DELETE FROM term WHERE id = :t" };
		for (String sql : statements) {
			jdbc.sql(sql).param("b", b).param("o", o).param("c", courses.toArray(Long[]::new)).param("t", term).update();
		}
	}
}
