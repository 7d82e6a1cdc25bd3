package org.kehou.billing;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.catalogue.FeeCaps;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.Leg;
import org.kehou.ledger.Posting;
import org.kehou.ledger.PostingKind;
import org.kehou.payment.GatewayException;
import org.kehou.payment.PaymentConfirmed;
import org.kehou.payment.PaymentGateway;
import org.kehou.payment.Payments;
import org.kehou.payment.PrepayOrder;
import org.kehou.selection.Places;
import org.kehou.shared.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order engine. A confirmed place becomes a line of the child's open order for the term (price per lesson x
 * lessons scheduled, the cap in force, the exemption of the child's approved hardship category, whose share the
 * special fund carries); lessons no longer given are credited (据实收取: a cancelled session, approved leave, the rest of
 * the term on withdrawal, expiry or the provider's exit); payments (online, applied exactly once per gateway
 * transaction, or offline) pay the guardian's share; whatever the guardian has in an order beyond its share — after a
 * credit, or an overpayment — is refunded at once against the order's payments, never more than each payment.
 * <p>
 * Every change of an order happens under its row lock ({@code SELECT … FOR UPDATE}) and posts to the {@link Ledger}
 * in the same transaction, so the order's totals, its lines, credits, payments, refunds and the ledger always agree;
 * the database checks {@code paid - refunded <= charged - exempt} and that no payment is refunded beyond its amount.
 * Remote calls to the gateway (prepay, close) happen outside those transactions.
 */
@Service
public class Orders {

	private static final Logger log = LoggerFactory.getLogger(Orders.class);

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	/** How long a prepay stays payable at most (WeChat's prepay_id lives two hours). */
	static final Duration PREPAY_LIFETIME = Duration.ofHours(2);

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final Ledger ledger;

	private final BillingSettings settings;

	private final FeeCaps feeCaps;

	private final Payments payments;

	private final PaymentGateway gateway;

	private final Places places;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Orders(JdbcClient jdbc, PlatformTransactionManager transactions, Ledger ledger, BillingSettings settings,
			FeeCaps feeCaps, Payments payments, PaymentGateway gateway, Places places, AuditLog audit,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.ledger = ledger;
		this.settings = settings;
		this.feeCaps = feeCaps;
		this.payments = payments;
		this.gateway = gateway;
		this.places = places;
		this.audit = audit;
		this.events = events;
	}

	// ===== lines from places ========================================================================================

	/**
	 * Bills a confirmed place: a line of the child's open order for the term (a new order if none is open). Once per
	 * place; a place that is no longer confirmed is not billed.
	 *
	 * @return the order's id, empty when nothing was billed now
	 */
	public Optional<Long> bill(long placeId) {
		return bill(placeId, Instant.now());
	}

	Optional<Long> bill(long placeId, Instant now) {
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				return Optional.ofNullable(transact(() -> billInTransaction(placeId, now)));
			}
			catch (OrderMoved e) {
				// the open order was paid or closed between our insert and lock: look again
			}
			catch (NothingToBill e) {
				return Optional.empty();
			}
		}
		throw new IllegalStateException("could not find an open order for place " + placeId);
	}

	private @Nullable Long billInTransaction(long placeId, Instant now) {
		record PlaceRow(long studentId, long termId, long schoolId, @Nullable Long townId, long offeringId,
				String name, @Nullable Long providerId, long fee, int lessonCount, String category, int minutes,
				@Nullable Integer[] days, LocalDate termStarts, LocalDate termEnds) {
		}
		Optional<PlaceRow> found = jdbc.sql("""
				SELECT p.student_id, p.term_id, o.school_id, sc.town_id, o.id, o.name, o.provider_id, o.fee_per_lesson_fen,
				  o.lesson_count, o.category_code, o.lesson_minutes, p.days, t.starts_on, t.ends_on
				FROM place p JOIN offering o ON o.id = p.offering_id JOIN term t ON t.id = p.term_id
				  JOIN school sc ON sc.id = o.school_id
				WHERE p.id = :p AND p.status = 'CONFIRMED'
				  AND NOT EXISTS (SELECT 1 FROM billing_order_line l WHERE l.place_id = p.id)""")
			.param("p", placeId)
			.query((rs, i) -> new PlaceRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class),
					rs.getLong(5), rs.getString(6), rs.getObject(7, Long.class), rs.getLong(8), rs.getInt(9),
					rs.getString(10), rs.getInt(11), days(rs), rs.getObject(13, LocalDate.class),
					rs.getObject(14, LocalDate.class)))
			.optional();
		if (found.isEmpty() || found.get().fee() == 0) {
			return null; // not confirmed (any more), billed already, or free: nothing to charge or refund
		}
		PlaceRow p = found.get();
		SchoolBilling rules = settings.of(p.schoolId());
		Instant due = now.plus(Duration.ofMinutes(rules.payWithinMinutes()));
		boolean opened = jdbc.sql("""
				INSERT INTO billing_order (id, order_no, student_id, term_id, school_id, due_at, releases_places)
				SELECT n, 'KH' || lpad(n::text, 10, '0'), :s, :t, :school, :due, :releases
				FROM (SELECT nextval(pg_get_serial_sequence('billing_order', 'id')) AS n) seq
				ON CONFLICT (student_id, term_id) WHERE status = 'UNPAID' DO NOTHING""")
			.param("s", p.studentId())
			.param("t", p.termId())
			.param("school", p.schoolId())
			.param("due", Timestamp.from(due))
			.param("releases", rules.paymentMode() == PaymentMode.PAY_TO_CONFIRM)
			.update() == 1;
		OrderRow order = jdbc.sql("SELECT " + OrderRow.COLUMNS + " FROM billing_order WHERE student_id = :s AND term_id = :t AND status = 'UNPAID' FOR UPDATE")
			.param("s", p.studentId())
			.param("t", p.termId())
			.query(OrderRow::map)
			.optional()
			.orElseThrow(OrderMoved::new);
		if (jdbc.sql("SELECT count(*) FROM billing_order_line WHERE place_id = :p").param("p", placeId).query(Long.class).single() > 0) {
			throw new OrderMoved(); // billed meanwhile by a concurrent delivery: roll back what this one made
		}
		LocalDate today = LocalDate.ofInstant(now, ZONE);
		LocalDate from = today.isBefore(p.termStarts()) ? p.termStarts() : today;
		int lessons = lessonsFrom(p.offeringId(), from, p.days(), p.lessonCount());
		if (lessons == 0) {
			throw new NothingToBill(); // confirmed after the offering's last session: roll back the order made for it
		}
		long amount = Math.multiplyExact(p.fee(), lessons);
		Long cap = feeCaps.capFor(p.category(), p.townId(), p.minutes(), from.isAfter(p.termEnds()) ? p.termEnds() : from)
			.map(CapInForce::amount)
			.map(Money::fen)
			.orElse(null);
		Optional<BillingSettings.Exemption> exemption = settings.exemptionOf(p.studentId(), p.schoolId());
		int percent = exemption.map(BillingSettings.Exemption::percent).orElse(0);
		long exemptPerLesson = p.fee() * percent / 100;
		long lineId = jdbc.sql("""
				INSERT INTO billing_order_line (order_id, place_id, offering_id, provider_id, name, fee_per_lesson_fen,
				  lessons, amount_fen, cap_fen, from_date, exemption_category, exemption_percent, exempt_per_lesson_fen)
				VALUES (:o, :p, :off, :prov, :name, :fee, :lessons, :amount, :cap, :from, :cat, :pct, :exempt)
				RETURNING id""")
			.param("o", order.id())
			.param("p", placeId)
			.param("off", p.offeringId())
			.param("prov", p.providerId())
			.param("name", p.name())
			.param("fee", p.fee())
			.param("lessons", lessons)
			.param("amount", amount)
			.param("cap", cap)
			.param("from", from)
			.param("cat", percent > 0 ? exemption.get().category().name() : null)
			.param("pct", percent)
			.param("exempt", exemptPerLesson)
			.query(Long.class)
			.single();
		long exempt = exemptPerLesson * lessons;
		jdbc.sql("UPDATE billing_order SET charged_fen = charged_fen + :a, exempt_fen = exempt_fen + :e WHERE id = :id")
			.param("a", amount)
			.param("e", exempt)
			.param("id", order.id())
			.update();
		String what = p.name() + " " + lessons + " 课次 × " + Money.ofFen(p.fee());
		if (amount > 0) {
			ledger.post(new Posting("order-line:" + lineId, PostingKind.ORDER, "order:" + order.id(),
					truncate(order.orderNo() + " " + what), now,
					List.of(Leg.debit(AccountRef.guardianReceivable(p.studentId()), Money.ofFen(amount)),
							Leg.credit(payee(p.providerId(), p.schoolId()), Money.ofFen(amount)))));
		}
		if (exempt > 0) {
			ledger.post(new Posting("exemption:line:" + lineId, PostingKind.EXEMPTION, "order:" + order.id(),
					truncate(order.orderNo() + " 减免 " + exemption.get().category().label() + " " + percent + "%：" + p.name()),
					now, List.of(Leg.debit(AccountRef.specialFund(p.schoolId()), Money.ofFen(exempt)),
							Leg.credit(AccountRef.guardianReceivable(p.studentId()), Money.ofFen(exempt)))));
		}
		OrderRow after = settle(order.id(), now);
		if (opened && after.status() == OrderStatus.UNPAID && after.owed() > 0) {
			events.publishEvent(new OrderIssued(after.id(), after.studentId(), after.owed(), after.dueAt(), after.releasesPlaces()));
		}
		return order.id();
	}

	/** Lessons of the offering from a day on: its scheduled sessions (on the child's days), or, before any session exists, the offering's count. */
	private int lessonsFrom(long offeringId, LocalDate from, @Nullable Integer[] days, int lessonCount) {
		return jdbc.sql("""
				SELECT CASE WHEN count(*) = 0 THEN :count ELSE count(*) FILTER (WHERE status = 'SCHEDULED'
				  AND session_date >= :from AND (CAST(:days AS SMALLINT[]) IS NULL
				    OR cardinality(CAST(:days AS SMALLINT[])) = 0 OR timetable_weekday = ANY(CAST(:days AS SMALLINT[])))) END
				FROM class_session WHERE offering_id = :o""")
			.param("o", offeringId)
			.param("from", from)
			.param("days", days)
			.param("count", lessonCount)
			.query(Long.class)
			.single()
			.intValue();
	}

	/**
	 * Ends the line of a place that is no longer held (dropped, removed): the lessons not yet given are credited —
	 * as the provider's exit when the provider was expelled, else as a withdrawal.
	 *
	 * @return lessons credited
	 */
	public int endPlace(long placeId) {
		Optional<LineRef> line = jdbc.sql("""
				SELECT l.id, l.order_id, pr.status = 'EXPELLED' FROM billing_order_line l
				  LEFT JOIN provider pr ON pr.id = l.provider_id
				WHERE l.place_id = :p AND l.ended_at IS NULL""")
			.param("p", placeId)
			.query((rs, i) -> new LineRef(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
			.optional();
		return line.map(l -> endLine(l, l.providerGone() ? CreditReason.PROVIDER_EXIT : CreditReason.WITHDRAWN, Instant.now()))
			.orElse(0);
	}

	/** A provider left (expelled): every running line of its offerings is ended and its lessons not yet given credited. */
	public int providerLeft(long providerId) {
		List<LineRef> lines = jdbc.sql("""
				SELECT l.id, l.order_id, TRUE FROM billing_order_line l JOIN billing_order o ON o.id = l.order_id
				WHERE l.provider_id = :p AND l.ended_at IS NULL AND o.status <> 'CLOSED' ORDER BY l.order_id""")
			.param("p", providerId)
			.query((rs, i) -> new LineRef(rs.getLong(1), rs.getLong(2), true))
			.list();
		int credited = 0;
		for (LineRef line : lines) {
			credited += endLine(line, CreditReason.PROVIDER_EXIT, Instant.now());
		}
		return credited;
	}

	private record LineRef(long lineId, long orderId, boolean providerGone) {
	}

	private int endLine(LineRef ref, CreditReason reason, Instant now) {
		return Optional.ofNullable(transact(() -> {
			OrderRow order = lock(ref.orderId());
			LineRow line = line(ref.lineId());
			if (line.endedAt() != null || order.status() == OrderStatus.CLOSED) {
				return 0;
			}
			int lessons = lessonsNotGiven(line, now);
			jdbc.sql("UPDATE billing_order_line SET ended_at = :now WHERE id = :id")
				.param("now", Timestamp.from(now))
				.param("id", line.id())
				.update();
			int credited = credit(order, line, null, lessons, reason, now) ? lessons : 0;
			settle(order.id(), now);
			return credited;
		})).orElse(0);
	}

	/** The line's lessons still to come: its scheduled sessions from now on not yet credited (all remaining if none exist yet). */
	private int lessonsNotGiven(LineRow line, Instant now) {
		LocalDateTime local = LocalDateTime.ofInstant(now, ZONE);
		return jdbc.sql("""
				SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM class_session WHERE offering_id = :o) THEN :left
				  ELSE LEAST(:left, (SELECT count(*) FROM class_session cs JOIN place p ON p.id = :place
				    WHERE cs.offering_id = :o AND cs.status = 'SCHEDULED' AND cs.session_date >= :from
				      AND (cs.session_date > :today OR (cs.session_date = :today AND cs.starts_at > :time))
				      AND (p.days IS NULL OR cardinality(p.days) = 0 OR cs.timetable_weekday = ANY(p.days))
				      AND NOT EXISTS (SELECT 1 FROM billing_credit c WHERE c.line_id = :l AND c.session_id = cs.id))) END""")
			.param("place", line.placeId())
			.param("o", line.offeringId())
			.param("from", line.fromDate())
			.param("today", local.toLocalDate())
			.param("time", local.toLocalTime())
			.param("l", line.id())
			.param("left", line.lessons() - line.creditedLessons())
			.query(Long.class)
			.single()
			.intValue();
	}

	// ===== credits of sessions ======================================================================================

	/**
	 * Credits one session to the children charged for it: every child of the offering ({@code studentId == null},
	 * a cancelled session) or one child (approved leave). Once per line and session, whatever the reason.
	 *
	 * @return how many lines were credited
	 */
	public int creditSession(long sessionId, CreditReason reason, @Nullable Long studentId) {
		Instant now = Instant.now();
		List<LineRef> lines = jdbc.sql("""
				SELECT l.id, l.order_id, FALSE FROM class_session cs
				  JOIN billing_order_line l ON l.offering_id = cs.offering_id
				  JOIN billing_order o ON o.id = l.order_id JOIN place p ON p.id = l.place_id
				WHERE cs.id = :session AND l.ended_at IS NULL AND l.from_date <= cs.session_date AND o.status <> 'CLOSED'
				  AND (CAST(:student AS BIGINT) IS NULL OR o.student_id = :student)
				  AND (p.days IS NULL OR cardinality(p.days) = 0 OR cs.timetable_weekday = ANY(p.days))
				  AND NOT EXISTS (SELECT 1 FROM billing_credit c WHERE c.line_id = l.id AND c.session_id = cs.id)
				ORDER BY l.order_id""")
			.param("session", sessionId)
			.param("student", studentId)
			.query((rs, i) -> new LineRef(rs.getLong(1), rs.getLong(2), false))
			.list();
		int credited = 0;
		for (LineRef ref : lines) {
			Boolean done = transact(() -> {
				OrderRow order = lock(ref.orderId());
				LineRow line = line(ref.lineId());
				if (line.endedAt() != null || order.status() == OrderStatus.CLOSED) {
					return false;
				}
				boolean made = credit(order, line, sessionId, 1, reason, now);
				settle(order.id(), now);
				return made;
			});
			credited += Boolean.TRUE.equals(done) ? 1 : 0;
		}
		return credited;
	}

	/** Approved leave: credited where the school refunds leave. */
	public int creditLeave(long schoolId, long studentId, List<Long> sessionIds) {
		if (!settings.of(schoolId).refundLeave()) {
			return 0;
		}
		int credited = 0;
		for (long session : sessionIds) {
			credited += creditSession(session, CreditReason.LEAVE, studentId);
		}
		return credited;
	}

	/**
	 * Credits lessons of a line under its order's lock: the fee comes off what the provider (or the school) is owed,
	 * the special fund gets its share back, and the guardian's share is either no longer owed or — as far as the
	 * guardian has paid beyond the new share — refunded.
	 *
	 * @return false when there was nothing to credit (no lessons left, or this session credited before)
	 */
	private boolean credit(OrderRow order, LineRow line, @Nullable Long sessionId, int wanted, CreditReason reason,
			Instant now) {
		int lessons = Math.min(wanted, line.lessons() - line.creditedLessons());
		if (lessons <= 0) {
			return false;
		}
		long fee = line.fee() * lessons;
		long fund = line.exemptPerLesson() * lessons;
		long guardian = fee - fund;
		Optional<Long> creditId = jdbc.sql("""
				INSERT INTO billing_credit (line_id, session_id, lessons, reason, guardian_fen, fund_fen)
				VALUES (:l, :s, :n, :r, :g, :f) ON CONFLICT (line_id, session_id) DO NOTHING RETURNING id""")
			.param("l", line.id())
			.param("s", sessionId)
			.param("n", lessons)
			.param("r", reason.name())
			.param("g", guardian)
			.param("f", fund)
			.query(Long.class)
			.optional();
		if (creditId.isEmpty()) {
			return false;
		}
		jdbc.sql("UPDATE billing_order_line SET credited_lessons = credited_lessons + :n WHERE id = :id")
			.param("n", lessons)
			.param("id", line.id())
			.update();
		long newShare = (order.charged() - fee) - (order.exempt() - fund);
		long held = order.paid() - order.refunded();
		long refund = Math.max(0, held - newShare);
		jdbc.sql("""
				UPDATE billing_order SET charged_fen = charged_fen - :fee, exempt_fen = exempt_fen - :fund,
				  refunded_fen = refunded_fen + :refund WHERE id = :id""")
			.param("fee", fee)
			.param("fund", fund)
			.param("refund", refund)
			.param("id", order.id())
			.update();
		if (fee > 0) {
			List<Leg> legs = new ArrayList<>();
			legs.add(Leg.debit(payee(line.providerId(), order.schoolId()), Money.ofFen(fee)));
			if (fund > 0) {
				legs.add(Leg.credit(AccountRef.specialFund(order.schoolId()), Money.ofFen(fund)));
			}
			if (refund > 0) {
				legs.add(Leg.credit(AccountRef.refundsPayable(order.studentId()), Money.ofFen(refund)));
			}
			if (guardian - refund > 0) {
				legs.add(Leg.credit(AccountRef.guardianReceivable(order.studentId()), Money.ofFen(guardian - refund)));
			}
			long postingId = ledger.post(new Posting("credit:" + creditId.get(), PostingKind.REFUND, "order:" + order.id(),
					truncate(order.orderNo() + " " + line.name() + " " + lessons + " 课次不收费（" + reasonLabel(reason) + "）"),
					now, legs)).id();
			jdbc.sql("UPDATE billing_credit SET posting_id = :p WHERE id = :id")
				.param("p", postingId)
				.param("id", creditId.get())
				.update();
		}
		if (refund > 0) {
			decideRefunds(order, refund, reasonLabel(reason) + "退费", now);
		}
		return true;
	}

	// ===== payments =================================================================================================

	/**
	 * Where the guardian pays the order now: the open prepay when it is still for the amount owed, else a new one
	 * (the old one closed at the gateway first, so it can no longer be paid).
	 *
	 * @throws BillingRefused NOTHING_TO_PAY, CLOSED, PAYMENT_PENDING (an earlier prepay was just paid), GATEWAY
	 */
	public URI pay(long orderId, long guardianId) {
		record Plan(String orderNo, long owed, Instant expires, String description, List<Attempt> open, int attempts) {
		}
		Instant now = Instant.now();
		Plan plan = transact(() -> {
			OrderRow order = lock(orderId);
			if (order.status() == OrderStatus.CLOSED || (order.releasesPlaces() && order.dueAt().isBefore(now))) {
				throw new BillingRefused(BillingRefused.Reason.CLOSED, "order " + orderId + " is closed");
			}
			long owed = order.owed();
			if (order.status() != OrderStatus.UNPAID || owed <= 0) {
				throw new BillingRefused(BillingRefused.Reason.NOTHING_TO_PAY, "order " + orderId + " owes nothing");
			}
			List<Attempt> open = jdbc.sql("""
					SELECT merchant_order_no, amount_fen, guardian_id, pay_url, expires_at FROM billing_payment_attempt
					WHERE order_id = :o AND NOT closed ORDER BY created_at""")
				.param("o", orderId)
				.query((rs, i) -> new Attempt(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
						rs.getTimestamp(5).toInstant()))
				.list();
			int attempts = jdbc.sql("SELECT count(*) FROM billing_payment_attempt WHERE order_id = :o")
				.param("o", orderId)
				.query(Long.class)
				.single()
				.intValue();
			Instant expires = now.plus(PREPAY_LIFETIME);
			if (order.releasesPlaces() && order.dueAt().isBefore(expires)) {
				expires = order.dueAt();
			}
			String term = jdbc.sql("SELECT name FROM term WHERE id = :t").param("t", order.termId()).query(String.class).single();
			return new Plan(order.orderNo(), owed, expires, truncate("课后服务费 " + term + " " + order.orderNo(), 127),
					open, attempts);
		});
		for (Attempt a : plan.open()) {
			if (a.amountFen() == plan.owed() && a.guardianId() == guardianId
					&& a.expiresAt().isAfter(now.plus(Duration.ofMinutes(2)))) {
				return URI.create(a.payUrl());
			}
		}
		for (Attempt a : plan.open()) {
			try {
				gateway.close(a.merchantOrderNo());
			}
			catch (GatewayException e) {
				if (e.reason() == GatewayException.Reason.ALREADY_PAID) {
					throw new BillingRefused(BillingRefused.Reason.PAYMENT_PENDING, a.merchantOrderNo() + " was paid");
				}
				if (e.reason() != GatewayException.Reason.ORDER_NOT_FOUND && e.reason() != GatewayException.Reason.ORDER_CLOSED) {
					throw new BillingRefused(BillingRefused.Reason.GATEWAY, e.getMessage());
				}
			}
			jdbc.sql("UPDATE billing_payment_attempt SET closed = TRUE WHERE merchant_order_no = :no")
				.param("no", a.merchantOrderNo())
				.update();
		}
		String number = plan.orderNo() + "P" + (plan.attempts() + 1);
		PrepayOrder prepay;
		try {
			prepay = payments.prepay(number, plan.owed(), plan.description(), guardianId, plan.expires());
		}
		catch (GatewayException e) {
			throw new BillingRefused(BillingRefused.Reason.GATEWAY, e.getMessage());
		}
		String url = prepay.payUrl().toString();
		url = url + (url.contains("?") ? "&" : "?") + "redirect_url=/m/orders/" + orderId;
		jdbc.sql("""
				INSERT INTO billing_payment_attempt (merchant_order_no, order_id, amount_fen, guardian_id, pay_url, expires_at)
				VALUES (:no, :o, :a, :g, :url, :exp) ON CONFLICT (merchant_order_no) DO NOTHING""")
			.param("no", number)
			.param("o", orderId)
			.param("a", plan.owed())
			.param("g", guardianId)
			.param("url", url)
			.param("exp", Timestamp.from(plan.expires()))
			.update();
		return URI.create(url);
	}

	private record Attempt(String merchantOrderNo, long amountFen, long guardianId, String payUrl, Instant expiresAt) {
	}

	/**
	 * Applies a payment the gateway confirmed, exactly once per transaction: of what was paid, the part the guardian
	 * owes pays the order; anything beyond (an old prepay paid after the order changed, or a closed order) is refunded
	 * at once. Never dropped: a payment of an order in any state is recorded.
	 *
	 * @return true when this call applied it
	 */
	public boolean apply(PaymentConfirmed paid) {
		Optional<Long> orderId = jdbc.sql("SELECT order_id FROM billing_payment_attempt WHERE merchant_order_no = :no")
			.param("no", paid.merchantOrderNo())
			.query(Long.class)
			.optional();
		if (orderId.isEmpty()) {
			log.debug("Payment {} is not an order's", paid.merchantOrderNo());
			return false;
		}
		return Boolean.TRUE.equals(transact(() -> {
			OrderRow order = lock(orderId.get());
			boolean before = jdbc.sql("SELECT EXISTS (SELECT 1 FROM billing_payment WHERE gateway = :g AND transaction_id = :t)")
				.param("g", paid.gateway())
				.param("t", paid.transactionId())
				.query(Boolean.class)
				.single();
			if (before) {
				return false;
			}
			receive(order, paid.amountFen(), paid.paidAt(), "payment:" + paid.gateway() + ":" + paid.transactionId(),
					AccountRef.gatewayClearing(), new Received(true, paid.gateway(), paid.transactionId(),
							paid.merchantOrderNo(), null, null, null, null));
			return true;
		}));
	}

	/**
	 * Records money the school received offline (cash or bank transfer); a resubmit of the same form (request key)
	 * records it once.
	 *
	 * @throws BillingRefused BAD_AMOUNT (not more than zero, or more than owed), NOTHING_TO_PAY, CLOSED
	 */
	public PaymentView recordOffline(long orderId, long amountFen, OfflineKind kind, @Nullable String note,
			String requestKey) {
		if (requestKey.isBlank() || requestKey.length() > 64) {
			throw new BillingRefused(BillingRefused.Reason.INVALID, "request key");
		}
		String n = note == null || note.isBlank() ? null : note.strip();
		if (n != null && n.length() > 200) {
			throw new BillingRefused(BillingRefused.Reason.INVALID, "note longer than 200");
		}
		Long by = CurrentUser.find().map(KehouUser::id).orElse(null);
		long paymentId = Optional.ofNullable(transact(() -> {
			OrderRow order = lock(orderId);
			Optional<Long> earlier = jdbc.sql("SELECT id FROM billing_payment WHERE request_key = :k")
				.param("k", requestKey)
				.query(Long.class)
				.optional();
			if (earlier.isPresent()) {
				return earlier.get();
			}
			if (order.status() == OrderStatus.CLOSED) {
				throw new BillingRefused(BillingRefused.Reason.CLOSED, "order " + orderId + " is closed");
			}
			if (order.owed() <= 0) {
				throw new BillingRefused(BillingRefused.Reason.NOTHING_TO_PAY, "order " + orderId + " owes nothing");
			}
			if (amountFen <= 0 || amountFen > order.owed()) {
				throw new BillingRefused(BillingRefused.Reason.BAD_AMOUNT, amountFen + " fen, owed " + order.owed());
			}
			long id = receive(order, amountFen, Instant.now(), "payment:offline:" + requestKey,
					AccountRef.cash(order.schoolId()), new Received(false, null, null, null, kind, n, requestKey, by));
			audit.record(AuditLog.Entry.of("offline-payment.record", "billing_order", orderId)
				.in(settings.townOf(order.schoolId()), order.schoolId())
				.detail(kind + " " + Money.ofFen(amountFen)));
			return id;
		})).orElseThrow();
		return payment(paymentId).orElseThrow();
	}

	private record Received(boolean online, @Nullable String gateway, @Nullable String transactionId,
			@Nullable String merchantOrderNo, @Nullable OfflineKind kind, @Nullable String note,
			@Nullable String requestKey, @Nullable Long by) {
	}

	/** Records a payment under the order's lock: its posting, the order's totals and status, the refund of any excess. */
	private long receive(OrderRow order, long amount, Instant paidAt, String key, AccountRef into, Received r) {
		long owed = order.owed();
		long applied = Math.min(amount, owed);
		long excess = amount - applied;
		List<Leg> legs = new ArrayList<>();
		legs.add(Leg.debit(into, Money.ofFen(amount)));
		if (applied > 0) {
			legs.add(Leg.credit(AccountRef.guardianReceivable(order.studentId()), Money.ofFen(applied)));
		}
		if (excess > 0) {
			legs.add(Leg.credit(AccountRef.refundsPayable(order.studentId()), Money.ofFen(excess)));
		}
		long postingId = ledger.post(new Posting(key, PostingKind.PAYMENT, "order:" + order.id(),
				truncate(order.orderNo() + (r.online() ? " 在线支付 " + r.gateway() + " " + r.transactionId() : " 线下收款 " + r.kind())),
				paidAt, legs)).id();
		long seq = jdbc.sql("SELECT nextval('billing_receipt_seq')").query(Long.class).single();
		String receiptNo = "SJ" + LocalDate.ofInstant(paidAt, ZONE).toString().replace("-", "") + String.format("%08d", seq);
		long paymentId = jdbc.sql("""
				INSERT INTO billing_payment (order_id, method, gateway, transaction_id, merchant_order_no, offline_kind,
				  amount_fen, paid_at, receipt_no, request_key, recorded_by, note, posting_id)
				VALUES (:o, :m, :g, :t, :no, :k, :a, :at, :receipt, :key, :by, :note, :posting) RETURNING id""")
			.param("o", order.id())
			.param("m", r.online() ? "ONLINE" : "OFFLINE")
			.param("g", r.gateway())
			.param("t", r.transactionId())
			.param("no", r.merchantOrderNo())
			.param("k", r.kind() == null ? null : r.kind().name())
			.param("a", amount)
			.param("at", Timestamp.from(paidAt))
			.param("receipt", receiptNo)
			.param("key", r.requestKey())
			.param("by", r.by())
			.param("note", r.note())
			.param("posting", postingId)
			.query(Long.class)
			.single();
		jdbc.sql("UPDATE billing_order SET paid_fen = paid_fen + :a, refunded_fen = refunded_fen + :x WHERE id = :id")
			.param("a", amount)
			.param("x", excess)
			.param("id", order.id())
			.update();
		if (excess > 0) {
			decideRefunds(order, excess, order.status() == OrderStatus.CLOSED ? "订单已关闭，全额退回" : "多付退回",
					paidAt);
		}
		settle(order.id(), paidAt);
		return paymentId;
	}

	// ===== refunds (decided here, paid back by Refunds) ===========================================================

	/**
	 * Decides refunds of {@code amount} (already added to the order's refunded total) against the order's payments,
	 * newest first, each at most what is left of it; online ones are paid back through the gateway after commit.
	 */
	private void decideRefunds(OrderRow order, long amount, String reason, Instant now) {
		record Refundable(long paymentId, long left, boolean online) {
		}
		List<Refundable> refundable = jdbc.sql("""
				SELECT p.id, p.amount_fen - coalesce((SELECT sum(r.amount_fen) FROM billing_refund r WHERE r.payment_id = p.id), 0),
				  p.method = 'ONLINE'
				FROM billing_payment p WHERE p.order_id = :o ORDER BY p.paid_at DESC, p.id DESC""")
			.param("o", order.id())
			.query((rs, i) -> new Refundable(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
			.list();
		long left = amount;
		for (Refundable p : refundable) {
			if (left == 0) {
				break;
			}
			long take = Math.min(left, p.left());
			if (take <= 0) {
				continue;
			}
			long refundId = jdbc.sql("""
					INSERT INTO billing_refund (id, order_id, payment_id, refund_no, amount_fen, reason)
					SELECT n, :o, :p, 'TK' || lpad(n::text, 10, '0'), :a, :r
					FROM (SELECT nextval(pg_get_serial_sequence('billing_refund', 'id')) AS n) seq RETURNING id""")
				.param("o", order.id())
				.param("p", p.paymentId())
				.param("a", take)
				.param("r", truncate(reason, 80))
				.query(Long.class)
				.single();
			left -= take;
			if (p.online()) {
				events.publishEvent(new RefundDecided(refundId));
			}
		}
		if (left > 0) {
			// cannot happen while paid - refunded <= charged - exempt holds: the database would refuse the order's row
			throw new IllegalStateException("order " + order.id() + ": " + left + " fen to refund beyond its payments");
		}
	}

	/** A refund to pay back through the gateway (after the deciding transaction commits). */
	public record RefundDecided(long refundId) {
	}

	// ===== expiry ===================================================================================================

	/**
	 * Expires pay-to-confirm orders unpaid after their due time: their prepays are closed at the gateway first (an
	 * order whose prepay turns out paid is left for its payment), then every line's lessons are credited, the places
	 * released and the order closed.
	 *
	 * @return orders expired
	 */
	public int expireDue(Instant now) {
		List<Long> due = jdbc.sql("""
				SELECT id FROM billing_order WHERE status = 'UNPAID' AND releases_places AND due_at < :now ORDER BY due_at LIMIT 200""")
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.list();
		int expired = 0;
		orders: for (long orderId : due) {
			List<String> open = jdbc.sql("SELECT merchant_order_no FROM billing_payment_attempt WHERE order_id = :o AND NOT closed")
				.param("o", orderId)
				.query(String.class)
				.list();
			for (String number : open) {
				try {
					gateway.close(number);
				}
				catch (GatewayException e) {
					if (e.reason() != GatewayException.Reason.ORDER_NOT_FOUND && e.reason() != GatewayException.Reason.ORDER_CLOSED) {
						log.info("Order {} not expired: its prepay {} is {}", orderId, number, e.reason());
						continue orders;
					}
				}
				jdbc.sql("UPDATE billing_payment_attempt SET closed = TRUE WHERE merchant_order_no = :no").param("no", number).update();
			}
			Boolean closed = transact(() -> {
				OrderRow order = lock(orderId);
				boolean stillOpen = jdbc.sql("SELECT EXISTS (SELECT 1 FROM billing_payment_attempt WHERE order_id = :o AND NOT closed)")
					.param("o", orderId)
					.query(Boolean.class)
					.single();
				if (order.status() != OrderStatus.UNPAID || !order.dueAt().isBefore(now) || stillOpen) {
					return false;
				}
				List<Long> placeIds = new ArrayList<>();
				for (LineRow line : lines(orderId)) {
					if (line.endedAt() == null) {
						jdbc.sql("UPDATE billing_order_line SET ended_at = :now WHERE id = :id")
							.param("now", Timestamp.from(now))
							.param("id", line.id())
							.update();
						credit(lock(orderId), line(line.id()), null, line.lessons() - line.creditedLessons(),
								CreditReason.EXPIRED, now);
						placeIds.add(line.placeId());
					}
				}
				jdbc.sql("UPDATE billing_order SET status = 'CLOSED', closed_at = :now, close_reason = :r WHERE id = :id")
					.param("now", Timestamp.from(now))
					.param("r", "逾期未缴费，名额已释放")
					.param("id", orderId)
					.update();
				for (long placeId : placeIds) {
					// in this transaction: a place is never released without its order closed, nor the other way round
					boolean held = jdbc.sql("SELECT status IN ('CONFIRMED', 'OFFERED') FROM place WHERE id = :p")
						.param("p", placeId)
						.query(Boolean.class)
						.single();
					if (held) {
						places.remove(placeId, "逾期未缴费，名额已释放");
					}
				}
				audit.record(AuditLog.Entry.of("order.expire", "billing_order", orderId)
					.in(settings.townOf(order.schoolId()), order.schoolId())
					.detail(placeIds.size() + " places released"));
				return true;
			});
			expired += Boolean.TRUE.equals(closed) ? 1 : 0;
		}
		return expired;
	}

	// ===== status ===================================================================================================

	/**
	 * Sets the order's status from its totals: paid in full (or nothing to pay but something charged) is PAID; nothing
	 * charged and nothing paid is CLOSED.
	 *
	 * @return the order's row as read before that (what it owes is the same after)
	 */
	private OrderRow settle(long orderId, Instant now) {
		OrderRow o = lock(orderId);
		if (o.status() != OrderStatus.UNPAID) {
			return o;
		}
		long share = o.charged() - o.exempt();
		long held = o.paid() - o.refunded();
		if (o.charged() == 0 && o.paid() == 0) {
			boolean hasLines = jdbc.sql("SELECT EXISTS (SELECT 1 FROM billing_order_line WHERE order_id = :o AND ended_at IS NULL)")
				.param("o", orderId)
				.query(Boolean.class)
				.single();
			if (!hasLines) {
				jdbc.sql("UPDATE billing_order SET status = 'CLOSED', closed_at = :now, close_reason = :r WHERE id = :id")
					.param("now", Timestamp.from(now))
					.param("r", "无需缴费")
					.param("id", orderId)
					.update();
			}
			return o;
		}
		if (held >= share) {
			jdbc.sql("UPDATE billing_order SET status = 'PAID', paid_at = :now WHERE id = :id")
				.param("now", Timestamp.from(now))
				.param("id", orderId)
				.update();
		}
		return o;
	}

	// ===== reading ==================================================================================================

	public Optional<OrderView> find(long orderId) {
		return views("o.id = :id", Map.of("id", orderId)).stream().findFirst();
	}

	/** The child's orders, newest first. */
	public List<OrderView> ofStudent(long studentId) {
		return views("o.student_id = :id", Map.of("id", studentId));
	}

	public Optional<PaymentView> payment(long paymentId) {
		return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM billing_payment p WHERE p.id = :id")
			.param("id", paymentId)
			.query(Orders::paymentView)
			.optional();
	}

	/** A page of orders in the reader's scope (city: all; town: its schools; school: its own), newest first. */
	public OrderPage list(KehouUser reader, OrderFilter filter, int page, int size) {
		int p = Math.max(0, page);
		int s = Math.max(1, Math.min(100, size));
		StringBuilder where = new StringBuilder("TRUE");
		java.util.HashMap<String, Object> params = new java.util.HashMap<>();
		switch (reader.role()) {
			case CITY_ADMIN -> {
			}
			case TOWN_ADMIN -> {
				where.append(" AND sc.town_id = :town");
				params.put("town", reader.scope().townId() == null ? -1L : reader.scope().townId());
			}
			case SCHOOL_ADMIN -> {
				where.append(" AND o.school_id = :school");
				params.put("school", reader.scope().schoolId() == null ? -1L : reader.scope().schoolId());
			}
			default -> where.append(" AND FALSE");
		}
		if (filter.schoolId() != null) {
			where.append(" AND o.school_id = :fschool");
			params.put("fschool", filter.schoolId());
		}
		if (filter.termId() != null) {
			where.append(" AND o.term_id = :fterm");
			params.put("fterm", filter.termId());
		}
		if (filter.status() != null) {
			where.append(" AND o.status = :fstatus");
			params.put("fstatus", filter.status().name());
		}
		if (filter.query() != null && !filter.query().isBlank()) {
			where.append(" AND (st.name LIKE :q OR o.order_no LIKE :q OR st.student_no LIKE :q)");
			params.put("q", "%" + filter.query().strip().replace("%", "").replace("_", "") + "%");
		}
		String from = " FROM billing_order o JOIN student st ON st.id = o.student_id JOIN school sc ON sc.id = o.school_id WHERE " + where;
		long total = jdbc.sql("SELECT count(*)" + from).params(params).query(Long.class).single();
		record Sums(long owed, long paid, long refunded, long exempt) {
		}
		Sums sums = jdbc.sql("""
				SELECT coalesce(sum(GREATEST(0, o.charged_fen - o.exempt_fen - o.paid_fen + o.refunded_fen)) FILTER (WHERE o.status = 'UNPAID'), 0),
				  coalesce(sum(o.paid_fen), 0), coalesce(sum(o.refunded_fen), 0), coalesce(sum(o.exempt_fen), 0)""" + from)
			.params(params)
			.query((rs, i) -> new Sums(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
			.single();
		params.put("limit", s);
		params.put("offset", (long) p * s);
		List<Long> ids = jdbc.sql("SELECT o.id" + from + " ORDER BY o.created_at DESC, o.id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query(Long.class)
			.list();
		List<OrderView> rows = ids.isEmpty() ? List.of()
				: views("o.id = ANY(CAST(:ids AS BIGINT[]))", Map.of("ids", ids.toArray(Long[]::new)));
		return new OrderPage(rows, p, s, total, sums.owed(), sums.paid(), sums.refunded(), sums.exempt());
	}

	private List<OrderView> views(String where, Map<String, ?> params) {
		record Head(long id, String no, long student, String studentName, long term, String termName, long school,
				String schoolName, OrderStatus status, long charged, long exempt, long paid, long refunded, Instant due,
				boolean releases, Instant created, @Nullable Instant paidAt, @Nullable Instant closedAt,
				@Nullable String closeReason) {
		}
		List<Head> heads = jdbc.sql("""
				SELECT o.id, o.order_no, o.student_id, st.name, o.term_id, t.name, o.school_id, sc.name, o.status,
				  o.charged_fen, o.exempt_fen, o.paid_fen, o.refunded_fen, o.due_at, o.releases_places, o.created_at,
				  o.paid_at, o.closed_at, o.close_reason
				FROM billing_order o JOIN student st ON st.id = o.student_id JOIN term t ON t.id = o.term_id
				  JOIN school sc ON sc.id = o.school_id
				WHERE\s""" + where + " ORDER BY o.created_at DESC, o.id DESC")
			.params(params)
			.query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
					rs.getString(6), rs.getLong(7), rs.getString(8), OrderStatus.valueOf(rs.getString(9)), rs.getLong(10),
					rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getTimestamp(14).toInstant(), rs.getBoolean(15),
					rs.getTimestamp(16).toInstant(), instant(rs, 17), instant(rs, 18), rs.getString(19)))
			.list();
		if (heads.isEmpty()) {
			return List.of();
		}
		Long[] ids = heads.stream().map(Head::id).toArray(Long[]::new);
		Map<Long, List<OrderView.Credit>> credits = jdbc.sql("""
				SELECT c.line_id, c.id, c.session_id, cs.session_date, c.lessons, c.reason, c.guardian_fen, c.fund_fen, c.created_at
				FROM billing_credit c JOIN billing_order_line l ON l.id = c.line_id LEFT JOIN class_session cs ON cs.id = c.session_id
				WHERE l.order_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY c.id""")
			.param("ids", ids)
			.query((rs, i) -> Map.entry(rs.getLong(1), new OrderView.Credit(rs.getLong(2), rs.getObject(3, Long.class),
					rs.getObject(4, LocalDate.class), rs.getInt(5), CreditReason.valueOf(rs.getString(6)), rs.getLong(7),
					rs.getLong(8), rs.getTimestamp(9).toInstant())))
			.list()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
		Map<Long, List<OrderView.Line>> lines = jdbc.sql("""
				SELECT l.order_id, l.id, l.place_id, l.offering_id, l.name, l.provider_id, l.fee_per_lesson_fen, l.lessons,
				  l.amount_fen, l.cap_fen, l.from_date, l.exemption_category, l.exemption_percent, l.exempt_per_lesson_fen,
				  l.credited_lessons, l.ended_at
				FROM billing_order_line l WHERE l.order_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY l.id""")
			.param("ids", ids)
			.query((rs, i) -> Map.entry(rs.getLong(1), new OrderView.Line(rs.getLong(2), rs.getLong(3), rs.getLong(4),
					rs.getString(5), rs.getObject(6, Long.class), rs.getLong(7), rs.getInt(8), rs.getLong(9),
					rs.getObject(10, Long.class), rs.getObject(11, LocalDate.class), rs.getString(12), rs.getInt(13),
					rs.getLong(14), rs.getInt(15), instant(rs, 16), credits.getOrDefault(rs.getLong(2), List.of()))))
			.list()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
		Map<Long, List<PaymentView>> paid = jdbc.sql("SELECT " + PAYMENT_COLUMNS
				+ " FROM billing_payment p WHERE p.order_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY p.paid_at, p.id")
			.param("ids", ids)
			.query(Orders::paymentView)
			.list()
			.stream()
			.collect(Collectors.groupingBy(PaymentView::orderId));
		Map<Long, List<RefundView>> refunds = jdbc.sql(REFUNDS + " WHERE r.order_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY r.id")
			.param("ids", ids)
			.query(Orders::refundView)
			.list()
			.stream()
			.collect(Collectors.groupingBy(RefundView::orderId));
		return heads.stream()
			.map(h -> new OrderView(h.id(), h.no(), h.student(), h.studentName(), h.term(), h.termName(), h.school(),
					h.schoolName(), h.status(), h.charged(), h.exempt(), h.paid(), h.refunded(), h.due(), h.releases(),
					h.created(), h.paidAt(), h.closedAt(), h.closeReason(), lines.getOrDefault(h.id(), List.of()),
					paid.getOrDefault(h.id(), List.of()), refunds.getOrDefault(h.id(), List.of())))
			.toList();
	}

	static final String PAYMENT_COLUMNS = """
			p.id, p.order_id, p.method = 'ONLINE', p.gateway, p.transaction_id, p.offline_kind, p.amount_fen, p.paid_at,
			  p.receipt_no, p.note""";

	/** Refunds with their payment's method, for {@link #refundView}. */
	static final String REFUNDS = """
			SELECT r.id, r.order_id, r.payment_id, r.refund_no, r.amount_fen, r.reason, r.status = 'DONE',
			  p.method = 'ONLINE', r.last_error, r.created_at, r.done_at
			FROM billing_refund r JOIN billing_payment p ON p.id = r.payment_id""";

	static RefundView refundView(ResultSet rs, int i) throws SQLException {
		return new RefundView(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
				rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getString(9), rs.getTimestamp(10).toInstant(),
				instant(rs, 11));
	}

	static PaymentView paymentView(ResultSet rs, int i) throws SQLException {
		String kind = rs.getString(6);
		return new PaymentView(rs.getLong(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
				kind == null ? null : OfflineKind.valueOf(kind), rs.getLong(7), rs.getTimestamp(8).toInstant(),
				rs.getString(9), rs.getString(10));
	}

	// ===== rows =====================================================================================================

	private record OrderRow(long id, String orderNo, long studentId, long termId, long schoolId, OrderStatus status,
			long charged, long exempt, long paid, long refunded, Instant dueAt, boolean releasesPlaces) {

		static final String COLUMNS = "id, order_no, student_id, term_id, school_id, status, charged_fen, exempt_fen, paid_fen, refunded_fen, due_at, releases_places";

		static OrderRow map(ResultSet rs, int i) throws SQLException {
			return new OrderRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
					OrderStatus.valueOf(rs.getString(6)), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
					rs.getTimestamp(11).toInstant(), rs.getBoolean(12));
		}

		long owed() {
			return Math.max(0, (charged - exempt) - (paid - refunded));
		}
	}

	private record LineRow(long id, long placeId, long offeringId, @Nullable Long providerId, String name, long fee,
			int lessons, long exemptPerLesson, int creditedLessons, LocalDate fromDate, @Nullable Instant endedAt) {
	}

	/**
	 * Runs in a transaction of its own, again when PostgreSQL chose it as a deadlock's victim (or a lock timed out):
	 * one billing change may post several times (a line and its exemption, the credits of an expiring order), and two
	 * such transactions over shared accounts (a provider's, a school's fund, the gateway's) can lock them in opposite
	 * orders. The victim was rolled back whole, so running it again is safe.
	 */
	private <T> @Nullable T transact(java.util.function.Supplier<@Nullable T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return tx.execute(status -> work.get());
			}
			catch (org.springframework.dao.PessimisticLockingFailureException e) {
				if (attempt >= 5) {
					throw e;
				}
				log.info("Billing transaction retried after a lock conflict (attempt {}): {}", attempt, e.getMostSpecificCause().getMessage());
			}
		}
	}

	private OrderRow lock(long orderId) {
		return jdbc.sql("SELECT " + OrderRow.COLUMNS + " FROM billing_order WHERE id = :id FOR UPDATE")
			.param("id", orderId)
			.query(OrderRow::map)
			.optional()
			.orElseThrow(() -> new BillingRefused(BillingRefused.Reason.NOT_FOUND, "no order " + orderId));
	}

	private static final String LINE_COLUMNS = "id, place_id, offering_id, provider_id, name, fee_per_lesson_fen, lessons, exempt_per_lesson_fen, credited_lessons, from_date, ended_at";

	private static LineRow lineRow(ResultSet rs, int i) throws SQLException {
		return new LineRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class), rs.getString(5),
				rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getInt(9), rs.getObject(10, LocalDate.class), instant(rs, 11));
	}

	private LineRow line(long lineId) {
		return jdbc.sql("SELECT " + LINE_COLUMNS + " FROM billing_order_line WHERE id = :id")
			.param("id", lineId)
			.query(Orders::lineRow)
			.single();
	}

	private List<LineRow> lines(long orderId) {
		return jdbc.sql("SELECT " + LINE_COLUMNS + " FROM billing_order_line WHERE order_id = :o ORDER BY id")
			.param("o", orderId)
			.query(Orders::lineRow)
			.list();
	}

	/** Who is owed a line's fee: the provider, or the school for its own course. */
	private static AccountRef payee(@Nullable Long providerId, long schoolId) {
		return providerId != null ? AccountRef.providerPayable(providerId) : AccountRef.schoolAccount(schoolId);
	}


	static String reasonLabel(CreditReason reason) {
		return switch (reason) {
			case CANCELLED -> "课次取消";
			case LEAVE -> "请假";
			case WITHDRAWN -> "退课";
			case EXPIRED -> "逾期未缴费";
			case PROVIDER_EXIT -> "机构退出";
		};
	}

	private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

	private static @Nullable Integer @Nullable [] days(ResultSet rs) throws SQLException {
		java.sql.Array a = rs.getArray(12);
		if (a == null) {
			return null;
		}
		Object[] values = (Object[]) a.getArray();
		Integer[] days = new Integer[values.length];
		for (int i = 0; i < values.length; i++) {
			days[i] = ((Number) values[i]).intValue();
		}
		return days;
	}

	private static String truncate(String text) {
		return truncate(text, 300);
	}

	private static String truncate(String text, int max) {
		return text.length() <= max ? text : text.substring(0, max);
	}

	/** No lesson of the place is left to charge. */
	private static final class NothingToBill extends RuntimeException {

		NothingToBill() {
			super(null, null, false, false);
		}
	}

	/** The open order changed state under us: retry. */
	private static final class OrderMoved extends RuntimeException {

		OrderMoved() {
			super(null, null, false, false);
		}
	}
}
