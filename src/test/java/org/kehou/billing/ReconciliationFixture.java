package org.kehou.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.Leg;
import org.kehou.ledger.Posting;
import org.kehou.ledger.PostingKind;
import org.kehou.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Billing rows for the reconciliation, fund and public-report tests, until the order engine makes them: a term of its
 * own (a random far-future school year, so nothing else of the demo city is in it), a provider's course offered in
 * it, and orders, lines, payments and refunds written with JdbcClient and posted to the ledger exactly as
 * docs/ledger.md says the engine posts them.
 */
class ReconciliationFixture {

	private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000));

	final JdbcClient jdbc;

	final Ledger ledger;

	final long school;

	final @Nullable Long town;

	final long term;

	final long provider;

	final long offering;

	final String tag = "R" + SEQUENCE.incrementAndGet();

	ReconciliationFixture(JdbcClient jdbc, Ledger ledger, String schoolAdmin, LocalDate termStart, LocalDate termEnd,
			String termStatus) {
		this(jdbc, ledger, jdbc.sql("SELECT school_id FROM app_user WHERE username = :u").param("u", schoolAdmin)
			.query(Long.class).single(), termStart, termEnd, termStatus);
	}

	ReconciliationFixture(JdbcClient jdbc, Ledger ledger, long school, LocalDate termStart, LocalDate termEnd,
			String termStatus) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.school = school;
		this.town = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", school).query(Long.class).optional()
			.orElse(null);
		Long id = null;
		while (id == null) {
			int year = ThreadLocalRandom.current().nextInt(3000, 9000);
			id = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					VALUES (:s, :n, :y, 1, :from, :to, :st)
					ON CONFLICT (school_id, school_year, semester) DO NOTHING RETURNING id""")
				.param("s", school)
				.param("n", "测试对账学期 " + tag)
				.param("y", year + "-" + (year + 1))
				.param("from", termStart)
				.param("to", termEnd)
				.param("st", termStatus)
				.query(Long.class)
				.optional()
				.orElse(null);
		}
		this.term = id;
		this.provider = jdbc.sql("INSERT INTO provider (legal_name, status) VALUES (:n, 'SUBMITTED') RETURNING id")
			.param("n", "对账测试机构 " + tag)
			.query(Long.class)
			.single();
		long course = jdbc.sql("""
				INSERT INTO course (provider_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				                    min_size, max_size, not_academic, status)
				VALUES (:p, :n, 'ARTS', ARRAY[1,2]::SMALLINT[], 60, 12, 3000, 1, 500, TRUE, 'APPROVED') RETURNING id""")
			.param("p", provider)
			.param("n", "书法 " + tag)
			.query(Long.class)
			.single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		this.offering = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				VALUES (:t, :s, :c, :p, :n, 'COURSE', 'ARTS', '一楼美术室', 1, 100, ARRAY[1,2]::SMALLINT[], 3000, 60, 12,
				  'PUBLISHED') RETURNING id""")
			.param("t", term)
			.param("s", school)
			.param("c", course)
			.param("p", provider)
			.param("n", "书法班 " + tag)
			.query(Long.class)
			.single();
	}

	/** Students of the fixture's school (the demo city's), the n-th from the end so tests rarely share one. */
	List<Long> students(int n) {
		return jdbc.sql("SELECT id FROM student WHERE school_id = :s AND status = 'ACTIVE' ORDER BY id DESC LIMIT :n")
			.param("s", school)
			.param("n", n)
			.query(Long.class)
			.list();
	}

	private int used;

	/** A child of the school not yet given an order by this fixture. */
	long nextStudent() {
		return students(used + 1).get(used++);
	}

	String studentName(long student) {
		return jdbc.sql("SELECT name FROM student WHERE id = :id").param("id", student).query(String.class).single();
	}

	record Order(long id, String orderNo, long student, long lineId, long amountFen, long exemptFen) {
	}

	/**
	 * An order of one line of the fixture's offering for the child: 12 lessons × ¥30, exempted
	 * {@code exemptPerLessonFen} per lesson under {@code category} (null: no exemption); posted ORDER and EXEMPTION.
	 */
	Order order(long student, long exemptPerLessonFen, @Nullable String category) {
		long place = jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now()) RETURNING id""")
			.param("o", offering)
			.param("s", student)
			.param("t", term)
			.query(Long.class)
			.single();
		long amount = 3000 * 12;
		long exempt = exemptPerLessonFen * 12;
		String orderNo = "T" + SEQUENCE.incrementAndGet();
		long order = jdbc.sql("""
				INSERT INTO billing_order (order_no, student_id, term_id, school_id, charged_fen, exempt_fen, due_at,
				  releases_places) VALUES (:no, :s, :t, :sch, :c, :e, now() + interval '7 days', FALSE) RETURNING id""")
			.param("no", orderNo)
			.param("s", student)
			.param("t", term)
			.param("sch", school)
			.param("c", amount)
			.param("e", exempt)
			.query(Long.class)
			.single();
		long line = jdbc.sql("""
				INSERT INTO billing_order_line (order_id, place_id, offering_id, provider_id, name, fee_per_lesson_fen,
				  lessons, amount_fen, cap_fen, from_date, exemption_category, exemption_percent, exempt_per_lesson_fen)
				VALUES (:o, :p, :off, :prov, :n, 3000, 12, :a, 4000, CURRENT_DATE, :cat, :pct, :ex) RETURNING id""")
			.param("o", order)
			.param("p", place)
			.param("off", offering)
			.param("prov", provider)
			.param("n", "书法班 " + tag)
			.param("a", amount)
			.param("cat", category)
			.param("pct", exemptPerLessonFen == 0 ? 0 : (int) (exemptPerLessonFen * 100 / 3000))
			.param("ex", exemptPerLessonFen)
			.query(Long.class)
			.single();
		ledger.post(new Posting("order-line:" + line, PostingKind.ORDER, "order:" + order, "测试订单行", Instant.now(),
				List.of(Leg.debit(AccountRef.guardianReceivable(student), Money.ofFen(amount)),
						Leg.credit(AccountRef.providerPayable(provider), Money.ofFen(amount)))));
		if (exempt > 0) {
			ledger.post(new Posting("exemption:line:" + line, PostingKind.EXEMPTION, "order:" + order, "测试减免",
					Instant.now(), List.of(Leg.debit(AccountRef.specialFund(school), Money.ofFen(exempt)),
							Leg.credit(AccountRef.guardianReceivable(student), Money.ofFen(exempt)))));
		}
		return new Order(order, orderNo, student, line, amount, exempt);
	}

	/**
	 * An online payment of the order as the engine records it: the billing row and its PAYMENT posting (clearing
	 * debited by {@code postedFen}, normally the amount).
	 */
	long onlinePayment(Order order, String gateway, String transactionId, String merchantOrderNo, long amountFen,
			long postedFen, Instant paidAt) {
		long posting = ledger.post(new Posting("payment:" + gateway + ":" + transactionId, PostingKind.PAYMENT,
				"order:" + order.id(), "测试缴费", paidAt,
				List.of(Leg.debit(AccountRef.gatewayClearing(), Money.ofFen(postedFen)),
						Leg.credit(AccountRef.guardianReceivable(order.student()), Money.ofFen(postedFen)))))
			.id();
		long id = jdbc.sql("""
				INSERT INTO billing_payment (order_id, method, gateway, transaction_id, merchant_order_no, amount_fen,
				  paid_at, receipt_no, posting_id) VALUES (:o, 'ONLINE', :g, :t, :m, :a, :at, :r, :p) RETURNING id""")
			.param("o", order.id())
			.param("g", gateway)
			.param("t", transactionId)
			.param("m", merchantOrderNo)
			.param("a", amountFen)
			.param("at", java.sql.Timestamp.from(paidAt))
			.param("r", "RC" + SEQUENCE.incrementAndGet())
			.param("p", posting)
			.query(Long.class)
			.single();
		jdbc.sql("UPDATE billing_order SET paid_fen = paid_fen + :a, status = 'PAID', paid_at = :at WHERE id = :o")
			.param("a", amountFen)
			.param("at", java.sql.Timestamp.from(paidAt))
			.param("o", order.id())
			.update();
		return id;
	}

	/** A refund paid back (DONE) with its REFUND posting (credit REFUNDS_PAYABLE first, then pay it back). */
	long doneRefund(Order order, long paymentId, String refundNo, long amountFen, Instant doneAt) {
		ledger.post(new Posting("credit:test:" + refundNo, PostingKind.REFUND, "order:" + order.id(), "测试退费决定",
				doneAt, List.of(Leg.debit(AccountRef.providerPayable(provider), Money.ofFen(amountFen)),
						Leg.credit(AccountRef.refundsPayable(order.student()), Money.ofFen(amountFen)))));
		long posting = ledger.post(new Posting("refund:" + refundNo, PostingKind.REFUND, "order:" + order.id(),
				"测试退费", doneAt, List.of(Leg.debit(AccountRef.refundsPayable(order.student()), Money.ofFen(amountFen)),
						Leg.credit(AccountRef.gatewayClearing(), Money.ofFen(amountFen)))))
			.id();
		long id = jdbc.sql("""
				INSERT INTO billing_refund (order_id, payment_id, refund_no, amount_fen, reason, status, gateway_refund_id,
				  done_at, posting_id) VALUES (:o, :p, :n, :a, '测试', 'DONE', :g, :at, :post) RETURNING id""")
			.param("o", order.id())
			.param("p", paymentId)
			.param("n", refundNo)
			.param("a", amountFen)
			.param("g", "G" + refundNo)
			.param("at", java.sql.Timestamp.from(doneAt))
			.param("post", posting)
			.query(Long.class)
			.single();
		jdbc.sql("UPDATE billing_order SET refunded_fen = refunded_fen + :a WHERE id = :o")
			.param("a", amountFen)
			.param("o", order.id())
			.update();
		return id;
	}

	/** Billing's and the ledger's state: changes when anything is written there. */
	String fingerprint() {
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM billing_payment) || '/' || (SELECT coalesce(sum(amount_fen), 0) FROM billing_payment)
				  || '/' || (SELECT count(*) FROM billing_refund) || '/' || (SELECT coalesce(sum(amount_fen), 0) FROM billing_refund)
				  || '/' || (SELECT coalesce(sum(paid_fen + refunded_fen), 0) FROM billing_order)
				  || '/' || (SELECT count(*) FROM ledger_posting) || '/' || (SELECT count(*) FROM ledger_leg)
				  || '/' || (SELECT coalesce(sum(debit_total), 0) || ':' || coalesce(sum(credit_total), 0) FROM ledger_account)""")
			.query(String.class)
			.single();
	}
}
