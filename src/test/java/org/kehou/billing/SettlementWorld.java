package org.kehou.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Leg;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.Posting;
import org.kehou.ledger.PostingKind;
import org.kehou.organisation.Terms;
import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fixtures for settlement and receipts on the shared demo database: a four-week term of a demo school in a September
 * long past (named 测试…, as DemoCityTests expects of test terms), so every session is history and the period is
 * over; a provider of its own with an instructor and an admin account; offerings of that provider; demo children
 * with confirmed places, orders and order lines written directly (the billing tables as the order part of the module
 * fills them); sessions, check-ins and credits.
 */
final class SettlementWorld {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	final JdbcClient jdbc;

	final long school;

	final long term;

	/** The term's first Monday. */
	final LocalDate monday;

	final String tag;

	SettlementWorld(JdbcClient jdbc, String schoolAdmin) {
		this.jdbc = jdbc;
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = :u").param("u", schoolAdmin)
			.query(Long.class).single();
		this.tag = "S" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		org.kehou.TestTerms.Term made = org.kehou.TestTerms.create(jdbc, school, tag, 1950, 2015, 4, "CLOSED");
		this.term = made.id();
		this.monday = made.monday();
	}

	long provider(String name) {
		return jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'SUBMITTED') RETURNING id")
			.param("n", name + " " + tag + "-" + SEQUENCE.incrementAndGet())
			.query(Long.class)
			.single();
	}

	long instructor(long provider, PersonalDataCipher cipher, String name) {
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
			.param("n", name)
			.param("e", cipher.encrypt(idNumber))
			.param("h", cipher.idNumberHash(idNumber))
			.param("m", org.kehou.shared.Masking.idNumber(idNumber))
			.query(Long.class)
			.single();
	}

	/** A provider admin account (no user name: DemoCityTests counts the accounts with one) signed in. */
	KehouUser providerAdmin(long provider) {
		byte[] hash = new byte[32];
		ThreadLocalRandom.current().nextBytes(hash);
		String name = "机构管理员 " + tag + "-" + SEQUENCE.incrementAndGet();
		long id = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, provider_id) VALUES (:h, :n, 'PROVIDER_ADMIN', :p)
				RETURNING id""")
			.param("h", hash)
			.param("n", name)
			.param("p", provider)
			.query(Long.class)
			.single();
		return new KehouUser(id, name, name, null, Role.PROVIDER_ADMIN,
				new Scope(Role.PROVIDER_ADMIN, null, null, null, provider), null, null, false, false, true);
	}

	/** A published offering of the provider at the school with its instructor. */
	long offering(String name, long provider, long instructor, long feeFen) {
		long course = jdbc.sql("""
				INSERT INTO course (provider_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				  min_size, max_size, not_academic, status)
				VALUES (:p, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, 4, :fee, 1, 500, TRUE,
				  'APPROVED') RETURNING id""")
			.param("p", provider)
			.param("s", school)
			.param("n", name + " " + tag)
			.param("fee", feeFen)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long id = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  :fee, 60, 4, 'PUBLISHED') RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("p", provider)
			.param("n", name + " " + tag)
			.param("v", "教室 " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("fee", feeFen)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO offering_teacher (offering_id, teacher_key, instructor_id) VALUES (:o, :k, :i)")
			.param("o", id)
			.param("k", "I" + instructor)
			.param("i", instructor)
			.update();
		return id;
	}

	/** A session of the offering on a day, 15:30–16:30, with the given status. */
	long session(long offering, LocalDate date, String status) {
		return jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at,
				  timetable_weekday, status, reason, roll_taken_at, overdue_alerted_at)
				SELECT id, term_id, school_id, :d, TIME '15:30', TIME '16:30', 1, :st,
				  CASE WHEN :st = 'CANCELLED' THEN '台风停课' END, now(), now() FROM offering WHERE id = :o RETURNING id""")
			.param("o", offering)
			.param("d", date)
			.param("st", status)
			.query(Long.class)
			.single();
	}

	/** The instructor checked in at 15:25 (city time) on the session's day. */
	void checkIn(long session, long instructor, long provider) {
		jdbc.sql("""
				INSERT INTO instructor_check_in (session_id, instructor_id, provider_id, school_id, session_date, checked_in_at)
				SELECT id, :i, :p, school_id, session_date, :at FROM class_session WHERE id = :s""")
			.param("s", session)
			.param("i", instructor)
			.param("p", provider)
			.param("at", java.sql.Timestamp.from(at(jdbc.sql("SELECT session_date FROM class_session WHERE id = :s")
				.param("s", session).query(LocalDate.class).single(), 15, 25)))
			.update();
	}

	static Instant at(LocalDate date, int hour, int minute) {
		return LocalDateTime.of(date, LocalTime.of(hour, minute)).atZone(Terms.CITY_ZONE).toInstant();
	}

	/** Demo children of the school that have no order in the term yet (existing ones: DemoCityTests checks IDs). */
	List<Long> children(int count) {
		return jdbc.sql("""
				SELECT id FROM student s WHERE school_id = :s AND status = 'ACTIVE' AND student_no NOT LIKE 'ZT-%'
				  AND NOT EXISTS (SELECT 1 FROM billing_order o WHERE o.student_id = s.id AND o.term_id = :t)
				ORDER BY id DESC LIMIT :n""")
			.param("s", school)
			.param("t", term)
			.param("n", count)
			.query(Long.class)
			.list();
	}

	/** An order of the child in the term (paid) with nothing in it yet. */
	long order(long student) {
		return jdbc.sql("""
				INSERT INTO billing_order (order_no, student_id, term_id, school_id, status, due_at, releases_places, paid_at)
				VALUES (:no, :s, :t, :school, 'PAID', now(), FALSE, now()) RETURNING id""")
			.param("no", "T" + tag.substring(1) + SEQUENCE.incrementAndGet())
			.param("s", student)
			.param("t", term)
			.param("school", school)
			.query(Long.class)
			.single();
	}

	/**
	 * A line of the order for the offering: {@code lessons} at {@code feeFen}, charged from {@code from}, of which
	 * {@code credited} are credited; ended at {@code endedAt} (null: running).
	 */
	long line(long order, long offering, long feeFen, int lessons, int credited, LocalDate from, Instant endedAt) {
		long student = jdbc.sql("SELECT student_id FROM billing_order WHERE id = :o").param("o", order).query(Long.class)
			.single();
		long place = jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now()) RETURNING id""")
			.param("o", offering)
			.param("s", student)
			.param("t", term)
			.query(Long.class)
			.single();
		return jdbc.sql("""
				INSERT INTO billing_order_line (order_id, place_id, offering_id, provider_id, name, fee_per_lesson_fen,
				  lessons, amount_fen, from_date, credited_lessons, ended_at)
				SELECT :order, :place, o.id, o.provider_id, o.name, :fee, :lessons, :fee * :lessons, :from, :credited, :ended
				FROM offering o WHERE o.id = :offering RETURNING id""")
			.param("order", order)
			.param("place", place)
			.param("offering", offering)
			.param("fee", feeFen)
			.param("lessons", lessons)
			.param("from", from)
			.param("credited", credited)
			.param("ended", endedAt == null ? null : java.sql.Timestamp.from(endedAt))
			.query(Long.class)
			.single();
	}

	/** A credit of the line: for one session, or (session null) for the rest of the term, made at {@code at}. */
	long credit(long line, Long session, int lessons, String reason, Instant at) {
		long fee = jdbc.sql("SELECT fee_per_lesson_fen FROM billing_order_line WHERE id = :l").param("l", line)
			.query(Long.class).single();
		return jdbc.sql("""
				INSERT INTO billing_credit (line_id, session_id, lessons, reason, guardian_fen, fund_fen, created_at)
				VALUES (:l, :s, :n, :r, :g, 0, :at) RETURNING id""")
			.param("l", line)
			.param("s", session)
			.param("n", lessons)
			.param("r", reason)
			.param("g", fee * lessons)
			.param("at", java.sql.Timestamp.from(at))
			.query(Long.class)
			.single();
	}

	/** A payment of the order (online through the sandbox), posted to the ledger as the payment part would. */
	long payment(Ledger ledger, long order, long amountFen, Instant paidAt) {
		long student = jdbc.sql("SELECT student_id FROM billing_order WHERE id = :o").param("o", order).query(Long.class)
			.single();
		String transaction = "TX" + tag + SEQUENCE.incrementAndGet();
		long posting = ledger.post(new Posting("test:payment:" + transaction, PostingKind.PAYMENT, "order:" + order,
				"测试缴费", paidAt, List.of(Leg.debit(AccountRef.gatewayClearing(), Money.ofFen(amountFen)),
						Leg.credit(AccountRef.guardianReceivable(student), Money.ofFen(amountFen)))))
			.id();
		return jdbc.sql("""
				INSERT INTO billing_payment (order_id, method, gateway, transaction_id, merchant_order_no, amount_fen,
				  paid_at, receipt_no, posting_id)
				VALUES (:o, 'ONLINE', 'sandbox', :tx, :mo, :a, :at, :no, :p) RETURNING id""")
			.param("o", order)
			.param("tx", transaction)
			.param("mo", "M" + transaction)
			.param("a", amountFen)
			.param("at", java.sql.Timestamp.from(paidAt))
			.param("no", "R" + tag.substring(1) + SEQUENCE.incrementAndGet())
			.param("p", posting)
			.query(Long.class)
			.single();
	}
}
