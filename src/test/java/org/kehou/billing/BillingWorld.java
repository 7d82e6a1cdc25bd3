package org.kehou.billing;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.kehou.payment.GatewayOrder;
import org.kehou.payment.PaymentConfirmed;
import org.kehou.payment.internal.SandboxGateway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Billing fixtures on the shared demo database: a term of demo school1 of its own in a far-future September (named
 * 测试…, every session still to come), published offerings with a fee and weekly sessions written directly, demo
 * children with confirmed places (inserted without events: the tests bill them explicitly), and paying through the
 * sandbox gateway as the child's guardian would.
 */
final class BillingWorld {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	final JdbcClient jdbc;

	final long school;

	final long term;

	final LocalDate monday;

	final String tag;

	final java.util.Set<Long> used = new java.util.HashSet<>();

	BillingWorld(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		this.tag = "B" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		org.kehou.TestTerms.Term made = org.kehou.TestTerms.create(jdbc, school, tag, 2100, 2999, 8, "OPEN");
		this.term = made.id();
		this.monday = made.monday();
	}

	String termName() {
		return "测试学期 " + tag;
	}

	/** A published offering (of a provider when {@code provider} is not null) with {@code weeks} weekly Monday sessions. */
	long offering(String name, long feeFen, int weeks, Long provider) {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY(SELECT level FROM grade WHERE school_id = :s), 60, :w, :f, 1, 500, TRUE,
				        'APPROVED') RETURNING id""")
			.param("s", school)
			.param("n", name + " " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("w", weeks)
			.param("f", feeFen)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long id = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', 'ARTS', :v, 1, 100, ARRAY(SELECT level FROM grade WHERE school_id = :s),
				  :f, 60, :w, 'PUBLISHED') RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("p", provider)
			.param("n", name)
			.param("v", "教室 " + tag + "-" + SEQUENCE.incrementAndGet())
			.param("f", feeFen)
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

	long offering(String name, long feeFen, int weeks) {
		return offering(name, feeFen, weeks, null);
	}

	/** An approved provider of its own. */
	long provider() {
		return jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'APPROVED') RETURNING id")
			.param("n", "测试机构 " + tag + "-" + SEQUENCE.incrementAndGet())
			.query(Long.class)
			.single();
	}

	List<Long> sessions(long offering) {
		return jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o ORDER BY session_date")
			.param("o", offering)
			.query(Long.class)
			.list();
	}

	/** Demo children of school1 with a guardian, not used by this world before. */
	List<Long> children(int count) {
		List<Long> ids = jdbc.sql("""
				SELECT s.id FROM student s WHERE s.school_id = :s AND s.student_no NOT LIKE 'ZT-%' AND s.status = 'ACTIVE'
				  AND EXISTS (SELECT 1 FROM student_guardian g WHERE g.student_id = s.id)
				  AND s.id <> ALL(CAST(:used AS BIGINT[]))
				ORDER BY s.id DESC LIMIT :n""")
			.param("s", school)
			.param("used", used.toArray(Long[]::new))
			.param("n", count)
			.query(Long.class)
			.list();
		used.addAll(ids);
		return ids;
	}

	long child() {
		return children(1).get(0);
	}

	/** A confirmed place of the child in the offering (no event published). */
	long place(long offering, long student) {
		jdbc.sql("UPDATE offering SET taken = taken + 1 WHERE id = :o").param("o", offering).update();
		return jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now()) RETURNING id""")
			.param("o", offering)
			.param("s", student)
			.param("t", term)
			.query(Long.class)
			.single();
	}

	/** Registers the child for the world's term (as a guardian would; selection requires it). */
	void register(long student) {
		jdbc.sql("""
				INSERT INTO registration (student_id, term_id, school_id, status) VALUES (:s, :t, :school, 'REGISTERED')
				ON CONFLICT (student_id, term_id) DO NOTHING""")
			.param("s", student)
			.param("t", term)
			.param("school", school)
			.update();
	}

	long guardian(long student) {
		return jdbc.sql("SELECT min(guardian_id) FROM student_guardian WHERE student_id = :s")
			.param("s", student)
			.query(Long.class)
			.single();
	}

	/** The guardian pays the order at the sandbox's cashier; returns what the gateway would confirm. */
	static PaymentConfirmed payAtCashier(SandboxGateway sandbox, URI cashier, long guardian) {
		String path = cashier.getPath();
		long prepay = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
		String merchantOrderNo = sandbox.cashier(prepay, String.valueOf(guardian)).orElseThrow().merchantOrderNo();
		// no notification over HTTP (there is no server in a MOCK context): the test confirms the payment itself
		sandbox.simulate(merchantOrderNo, new org.kehou.payment.internal.SandboxProperties.Simulation(false,
				java.time.Duration.ZERO, true, 0, false, false));
		sandbox.pay(prepay, String.valueOf(guardian));
		GatewayOrder paid = sandbox.query(merchantOrderNo);
		return new PaymentConfirmed(SandboxGateway.NAME, merchantOrderNo, paid.transactionId(), paid.paidFen(), paid.paidAt());
	}

	static List<Long> list(Long... ids) {
		return new ArrayList<>(List.of(ids));
	}
}
