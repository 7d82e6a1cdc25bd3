package org.kehou.payment.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.kehou.payment.GatewayException;
import org.kehou.payment.GatewayException.Reason;
import org.kehou.payment.GatewayNotification;
import org.kehou.payment.GatewayOrder;
import org.kehou.payment.GatewayRefund;
import org.kehou.payment.NotificationRefused;
import org.kehou.payment.PaymentGateway;
import org.kehou.payment.PrepayOrder;
import org.kehou.payment.PrepayRequest;
import org.kehou.payment.RefundRequest;
import org.kehou.payment.Statement;
import org.kehou.payment.internal.SandboxProperties.Simulation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox gateway: a payment gateway that lives in the same process but behaves like a remote one. Its "bank
 * side" is its own tables ({@code sandbox_*}), its own signing key ({@link SandboxKeys}), its own cashier page
 * ({@code /sandbox/pay/{prepayId}}, where only the payer named at prepay can pay) and its own notifier
 * ({@link SandboxNotifier}, retries with back-off). Simulation switches ({@link Simulation}, globally from
 * configuration, per order with {@link #simulate}) make it duplicate, delay, drop, fail, forge or tamper the payment
 * notification; {@link #injectStatementDifference} puts a deliberate difference into the daily statement.
 */
@Component
@ConditionalOnProperty(name = "kehou.payment.gateway", havingValue = "sandbox", matchIfMissing = true)
public class SandboxGateway implements PaymentGateway {

	public static final String NAME = "sandbox";

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SandboxKeys keys;

	private final SandboxNotifier notifier;

	private final SandboxProperties properties;

	private final JsonMapper json;

	private final SecureRandom random = new SecureRandom();

	SandboxGateway(JdbcClient jdbc, TransactionTemplate transactions, SandboxKeys keys, SandboxNotifier notifier,
			SandboxProperties properties, JsonMapper json) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.keys = keys;
		this.notifier = notifier;
		this.properties = properties;
		this.json = json;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public PrepayOrder prepay(PrepayRequest request) {
		Simulation sim = properties.simulation();
		long prepayId = random.nextLong(1_000_000_000_000L, Long.MAX_VALUE);
		jdbc.sql("""
				INSERT INTO sandbox_order (prepay_id, merchant_order_no, amount_fen, description, payer_id, notify_url,
				  expires_at, sim_duplicate, sim_delay_ms, sim_drop, sim_fail_first, sim_forge, sim_tamper)
				VALUES (:prepay, :no, :amount, :description, :payer, :notify, :expires, :dup, :delay, :drop, :fail,
				  :forge, :tamper)
				ON CONFLICT (merchant_order_no) DO NOTHING""")
			.param("prepay", prepayId)
			.param("no", request.merchantOrderNo())
			.param("amount", request.amountFen())
			.param("description", request.description())
			.param("payer", request.payerId())
			.param("notify", request.notifyUrl().toString())
			.param("expires", Timestamp.from(request.expiresAt()))
			.param("dup", sim.duplicate())
			.param("delay", sim.delay().toMillis())
			.param("drop", sim.drop())
			.param("fail", sim.failFirst())
			.param("forge", sim.forge())
			.param("tamper", sim.tamper())
			.update();
		Row row = row(request.merchantOrderNo()).orElseThrow();
		if (row.amountFen() != request.amountFen() || !row.description().equals(request.description())
				|| !row.payerId().equals(request.payerId())) {
			throw new GatewayException(Reason.ORDER_CONFLICT, request.merchantOrderNo() + " exists with other content");
		}
		return new PrepayOrder(String.valueOf(row.prepayId()), URI.create("/sandbox/pay/" + row.prepayId()),
				Map.of("prepayId", String.valueOf(row.prepayId()), "package", "prepay_id=" + row.prepayId()));
	}

	@Override
	public GatewayOrder query(String merchantOrderNo) {
		Row row = row(merchantOrderNo)
			.orElseThrow(() -> new GatewayException(Reason.ORDER_NOT_FOUND, merchantOrderNo));
		return row.toGatewayOrder();
	}

	@Override
	public GatewayRefund refund(RefundRequest request) {
		return transactions.execute(tx -> {
			Row order = row(request.merchantOrderNo())
				.orElseThrow(() -> new GatewayException(Reason.ORDER_NOT_FOUND, request.merchantOrderNo()));
			if (!"PAID".equals(order.status())) {
				throw new GatewayException(Reason.NOT_PAID, request.merchantOrderNo() + " is " + order.status());
			}
			String refundId = "5030" + DAY.format(OffsetDateTime.now(Statement.ZONE)) + digits(16);
			Optional<Instant> created = jdbc.sql("""
					INSERT INTO sandbox_refund (order_id, merchant_refund_no, refund_id, amount_fen, reason)
					VALUES (:order, :no, :refundId, :amount, :reason)
					ON CONFLICT (merchant_refund_no) DO NOTHING RETURNING created_at""")
				.param("order", order.id())
				.param("no", request.merchantRefundNo())
				.param("refundId", refundId)
				.param("amount", request.amountFen())
				.param("reason", request.reason())
				.query((rs, i) -> rs.getTimestamp(1).toInstant())
				.optional();
			if (created.isEmpty()) {
				return replay(order, request);
			}
			Long total = jdbc.sql("""
					UPDATE sandbox_order SET refunded_fen = refunded_fen + :amount
					WHERE id = :id AND refunded_fen + :amount <= amount_fen RETURNING refunded_fen""")
				.param("id", order.id())
				.param("amount", request.amountFen())
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new GatewayException(Reason.REFUND_EXCEEDS_PAID,
						"refund " + request.amountFen() + " fen exceeds what is left of " + request.merchantOrderNo()));
			return new GatewayRefund(request.merchantOrderNo(), request.merchantRefundNo(), refundId,
					request.amountFen(), created.get(), false, total);
		});
	}

	private GatewayRefund replay(Row order, RefundRequest request) {
		record Earlier(long orderId, String refundId, long amountFen, Instant at) {
		}
		Earlier earlier = jdbc.sql("""
				SELECT order_id, refund_id, amount_fen, created_at FROM sandbox_refund WHERE merchant_refund_no = :no""")
			.param("no", request.merchantRefundNo())
			.query((rs, i) -> new Earlier(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant()))
			.single();
		if (earlier.orderId() != order.id() || earlier.amountFen() != request.amountFen()) {
			throw new GatewayException(Reason.REFUND_CONFLICT,
					request.merchantRefundNo() + " was used for another order or amount");
		}
		long total = row(request.merchantOrderNo()).orElseThrow().refundedFen();
		return new GatewayRefund(request.merchantOrderNo(), request.merchantRefundNo(), earlier.refundId(),
				earlier.amountFen(), earlier.at(), true, total);
	}

	@Override
	public void close(String merchantOrderNo) {
		int closed = jdbc.sql("UPDATE sandbox_order SET status = 'CLOSED' WHERE merchant_order_no = :no AND status = 'NOT_PAID'")
			.param("no", merchantOrderNo)
			.update();
		if (closed == 0) {
			Row row = row(merchantOrderNo).orElseThrow(() -> new GatewayException(Reason.ORDER_NOT_FOUND, merchantOrderNo));
			if ("PAID".equals(row.status())) {
				throw new GatewayException(Reason.ALREADY_PAID, merchantOrderNo);
			}
		}
	}

	@Override
	public GatewayNotification verify(Map<String, String> headers, String body) {
		Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		h.putAll(headers);
		String timestamp = h.get(SandboxKeys.TIMESTAMP);
		String nonce = h.get(SandboxKeys.NONCE);
		String signature = h.get(SandboxKeys.SIGNATURE);
		String serial = h.get(SandboxKeys.SERIAL_HEADER);
		if (timestamp == null || nonce == null || signature == null || serial == null) {
			throw new NotificationRefused(NotificationRefused.Reason.MISSING_HEADERS, "signature headers missing");
		}
		if (!SandboxKeys.SERIAL.equals(serial)) {
			throw new NotificationRefused(NotificationRefused.Reason.UNKNOWN_KEY, "serial " + serial);
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException e) {
			throw new NotificationRefused(NotificationRefused.Reason.MALFORMED, "timestamp " + timestamp);
		}
		long skew = Math.abs(Instant.now().getEpochSecond() - seconds);
		if (skew > properties.timestampTolerance().toSeconds()) {
			throw new NotificationRefused(NotificationRefused.Reason.STALE_TIMESTAMP, skew + " s from now");
		}
		if (!keys.verifies(timestamp.trim(), nonce, body, signature)) {
			throw new NotificationRefused(NotificationRefused.Reason.BAD_SIGNATURE, "does not verify with " + serial);
		}
		try {
			NotifyBody n = json.readValue(body, NotifyBody.class);
			var r = n.resource();
			return new GatewayNotification(n.id(), n.eventType(), r.outTradeNo(), r.transactionId(), r.amount().total(),
					"SUCCESS".equals(r.tradeState()) ? GatewayOrder.Status.PAID : GatewayOrder.Status.NOT_PAID,
					OffsetDateTime.parse(r.successTime()).toInstant());
		}
		catch (JacksonException | NullPointerException | java.time.format.DateTimeParseException e) {
			throw new NotificationRefused(NotificationRefused.Reason.MALFORMED, e.getClass().getSimpleName());
		}
	}

	@Override
	public Statement statement(LocalDate date) {
		Instant from = date.atStartOfDay(Statement.ZONE).toInstant();
		Instant to = date.plusDays(1).atStartOfDay(Statement.ZONE).toInstant();
		List<Statement.Line> lines = new ArrayList<>();
		lines.addAll(jdbc.sql("""
				SELECT paid_at, transaction_id, merchant_order_no, amount_fen + statement_delta_fen AS amount, description
				FROM sandbox_order WHERE paid_at >= :from AND paid_at < :to""")
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, i) -> new Statement.Line(rs.getTimestamp("paid_at").toInstant(), rs.getString("transaction_id"),
					rs.getString("merchant_order_no"), Statement.Type.SUCCESS, rs.getLong("amount"), null, null, 0,
					rs.getString("description")))
			.list());
		lines.addAll(jdbc.sql("""
				SELECT r.created_at, o.transaction_id, o.merchant_order_no, o.amount_fen, r.refund_id,
				  r.merchant_refund_no, r.amount_fen AS refund_fen, o.description
				FROM sandbox_refund r JOIN sandbox_order o ON o.id = r.order_id
				WHERE r.created_at >= :from AND r.created_at < :to""")
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, i) -> new Statement.Line(rs.getTimestamp("created_at").toInstant(),
					rs.getString("transaction_id"), rs.getString("merchant_order_no"), Statement.Type.REFUND,
					rs.getLong("amount_fen"), rs.getString("refund_id"), rs.getString("merchant_refund_no"),
					rs.getLong("refund_fen"), rs.getString("description")))
			.list());
		lines.sort(Comparator.comparing(Statement.Line::time).thenComparing(Statement.Line::merchantOrderNo));
		return new Statement(date, lines);
	}

	// --- the sandbox's own operations (cashier, simulation) ----------------------------------------------------------

	/** The cashier's view of a prepay, for its payer only. */
	public Optional<CashierView> cashier(long prepayId, String payerId) {
		return jdbc.sql(SELECT + " WHERE prepay_id = :prepay")
			.param("prepay", prepayId)
			.query(SandboxGateway::map)
			.optional()
			.filter(row -> row.payerId().equals(payerId))
			.map(row -> new CashierView(row.prepayId(), row.merchantOrderNo(), row.description(), row.amountFen(),
					row.toGatewayOrder().status(), row.expiresAt(), row.expiresAt().isBefore(Instant.now()),
					row.transactionId()));
	}

	/** A prepay as the cashier shows it. */
	public record CashierView(long prepayId, String merchantOrderNo, String description, long amountFen,
			GatewayOrder.Status status, Instant expiresAt, boolean expired, @Nullable String transactionId) {
	}

	/**
	 * The payer confirms at the cashier: the order is paid (once; paying a paid order again changes nothing and
	 * answers the same) and the payment notification is queued as the order's simulation switches say.
	 *
	 * @return the gateway's transaction id
	 * @throws GatewayException ORDER_NOT_FOUND (also for another payer: the prepay is not theirs to see),
	 *         ORDER_CLOSED, ORDER_EXPIRED
	 */
	public String pay(long prepayId, String payerId) {
		return transactions.execute(tx -> {
			String transactionId = "4200" + DAY.format(OffsetDateTime.now(Statement.ZONE)) + digits(18);
			Optional<Row> paid = jdbc.sql("""
					UPDATE sandbox_order SET status = 'PAID', transaction_id = :tx, paid_at = now()
					WHERE prepay_id = :prepay AND payer_id = :payer AND status = 'NOT_PAID' AND expires_at > now()
					RETURNING *""")
				.param("tx", transactionId)
				.param("prepay", prepayId)
				.param("payer", payerId)
				.query(SandboxGateway::map)
				.optional();
			if (paid.isEmpty()) {
				Row row = jdbc.sql(SELECT + " WHERE prepay_id = :prepay")
					.param("prepay", prepayId)
					.query(SandboxGateway::map)
					.optional()
					.filter(r -> r.payerId().equals(payerId))
					.orElseThrow(() -> new GatewayException(Reason.ORDER_NOT_FOUND, "prepay " + prepayId));
				return switch (row.status()) {
					case "PAID" -> java.util.Objects.requireNonNull(row.transactionId());
					case "CLOSED" -> throw new GatewayException(Reason.ORDER_CLOSED, row.merchantOrderNo());
					default -> throw new GatewayException(Reason.ORDER_EXPIRED, row.merchantOrderNo());
				};
			}
			queueNotifications(paid.get());
			return transactionId;
		});
	}

	private void queueNotifications(Row order) {
		String notificationId = java.util.UUID.randomUUID().toString();
		NotifyBody body = new NotifyBody(notificationId, OffsetDateTime.now(Statement.ZONE).toString(),
				GatewayNotification.TRANSACTION_SUCCESS,
				new NotifyBody.Resource(order.merchantOrderNo(), java.util.Objects.requireNonNull(order.transactionId()),
						"SUCCESS", java.util.Objects.requireNonNull(order.paidAt()).atOffset(Statement.ZONE.getRules()
							.getOffset(order.paidAt())).toString(),
						new NotifyBody.Amount(order.amountFen(), "CNY"), new NotifyBody.Payer(order.payerId())));
		String text = json.writeValueAsString(body);
		List<Long> ids = new ArrayList<>();
		if (order.simulation().forge()) {
			ids.add(insertNotification(order.id(), notificationId, "FORGED", text, "PENDING", 0, 0));
		}
		if (order.simulation().tamper()) {
			ids.add(insertNotification(order.id(), notificationId, "TAMPERED", text, "PENDING", 0, 0));
		}
		long delay = order.simulation().delay().toMillis();
		ids.add(insertNotification(order.id(), notificationId, "GENUINE", text,
				order.simulation().drop() ? "DROPPED" : "PENDING", order.simulation().failFirst(), delay));
		if (order.simulation().duplicate() && !order.simulation().drop()) {
			ids.add(insertNotification(order.id(), notificationId, "GENUINE", text, "PENDING", 0, delay));
		}
		notifier.afterCommit(ids);
	}

	private long insertNotification(long orderId, String notificationId, String kind, String body, String status,
			int failFirst, long delayMs) {
		return jdbc.sql("""
				INSERT INTO sandbox_notification (order_id, notification_id, kind, body, status, fail_first, next_attempt_at)
				VALUES (:order, :nid, :kind, :body, :status, :fail, now() + :delay * interval '1 millisecond')
				RETURNING id""")
			.param("order", orderId)
			.param("nid", notificationId)
			.param("kind", kind)
			.param("body", body)
			.param("status", status)
			.param("fail", failFirst)
			.param("delay", delayMs)
			.query(Long.class)
			.single();
	}

	/** Sets the simulation switches of an order not yet paid. @return false when there is no such unpaid order */
	public boolean simulate(String merchantOrderNo, Simulation sim) {
		return jdbc.sql("""
				UPDATE sandbox_order SET sim_duplicate = :dup, sim_delay_ms = :delay, sim_drop = :drop,
				  sim_fail_first = :fail, sim_forge = :forge, sim_tamper = :tamper
				WHERE merchant_order_no = :no AND status = 'NOT_PAID'""")
			.param("no", merchantOrderNo)
			.param("dup", sim.duplicate())
			.param("delay", sim.delay().toMillis())
			.param("drop", sim.drop())
			.param("fail", sim.failFirst())
			.param("forge", sim.forge())
			.param("tamper", sim.tamper())
			.update() == 1;
	}

	/** Makes the daily statement show this order's payment off by {@code deltaFen} (e.g. 1 = ¥0.01). */
	public boolean injectStatementDifference(String merchantOrderNo, long deltaFen) {
		return jdbc.sql("UPDATE sandbox_order SET statement_delta_fen = :delta WHERE merchant_order_no = :no")
			.param("no", merchantOrderNo)
			.param("delta", deltaFen)
			.update() == 1;
	}

	/** The state of an order's outgoing notifications (for the simulation console and tests). */
	public List<OutgoingNotification> notifications(String merchantOrderNo) {
		return jdbc.sql("""
				SELECT n.id, n.kind, n.status, n.attempts, n.last_outcome FROM sandbox_notification n
				JOIN sandbox_order o ON o.id = n.order_id WHERE o.merchant_order_no = :no ORDER BY n.id""")
			.param("no", merchantOrderNo)
			.query((rs, i) -> new OutgoingNotification(rs.getLong("id"), rs.getString("kind"), rs.getString("status"),
					rs.getInt("attempts"), rs.getString("last_outcome")))
			.list();
	}

	/** The latest orders with their outgoing notifications (for the sandbox console). */
	public List<ConsoleOrder> recentOrders(int limit) {
		List<Row> rows = jdbc.sql(SELECT + " ORDER BY id DESC LIMIT :limit").param("limit", limit).query(SandboxGateway::map).list();
		return rows.stream()
			.map(row -> new ConsoleOrder(row.merchantOrderNo(), row.description(), row.amountFen(),
					row.toGatewayOrder().status(), row.refundedFen(), row.simulation(), notifications(row.merchantOrderNo())))
			.toList();
	}

	/** A sandbox order as the console shows it. */
	public record ConsoleOrder(String merchantOrderNo, String description, long amountFen, GatewayOrder.Status status,
			long refundedFen, Simulation simulation, List<OutgoingNotification> notifications) {
	}

	/** One outgoing notification: GENUINE / FORGED / TAMPERED, PENDING / SENDING / DELIVERED / GAVE_UP / DROPPED. */
	public record OutgoingNotification(long id, String kind, String status, int attempts, @Nullable String lastOutcome) {
	}

	private static String digits(int n) {
		StringBuilder s = new StringBuilder(n);
		java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
		for (int i = 0; i < n; i++) {
			s.append((char) ('0' + r.nextInt(10)));
		}
		return s.toString();
	}

	private static final String SELECT = "SELECT * FROM sandbox_order";

	private Optional<Row> row(String merchantOrderNo) {
		return jdbc.sql(SELECT + " WHERE merchant_order_no = :no")
			.param("no", merchantOrderNo)
			.query(SandboxGateway::map)
			.optional();
	}

	private static Row map(ResultSet rs, int i) throws SQLException {
		Timestamp paidAt = rs.getTimestamp("paid_at");
		return new Row(rs.getLong("id"), rs.getLong("prepay_id"), rs.getString("merchant_order_no"),
				rs.getLong("amount_fen"), rs.getString("description"), rs.getString("payer_id"),
				rs.getTimestamp("expires_at").toInstant(), rs.getString("status"), rs.getString("transaction_id"),
				paidAt == null ? null : paidAt.toInstant(), rs.getLong("refunded_fen"),
				new Simulation(rs.getBoolean("sim_duplicate"), java.time.Duration.ofMillis(rs.getLong("sim_delay_ms")),
						rs.getBoolean("sim_drop"), rs.getInt("sim_fail_first"), rs.getBoolean("sim_forge"),
						rs.getBoolean("sim_tamper")));
	}

	private record Row(long id, long prepayId, String merchantOrderNo, long amountFen, String description,
			String payerId, Instant expiresAt, String status, @Nullable String transactionId, @Nullable Instant paidAt,
			long refundedFen, Simulation simulation) {

		GatewayOrder toGatewayOrder() {
			GatewayOrder.Status s = switch (status) {
				case "PAID" -> refundedFen == 0 ? GatewayOrder.Status.PAID
						: refundedFen == amountFen ? GatewayOrder.Status.REFUNDED : GatewayOrder.Status.PARTIALLY_REFUNDED;
				case "CLOSED" -> GatewayOrder.Status.CLOSED;
				default -> GatewayOrder.Status.NOT_PAID;
			};
			boolean paid = "PAID".equals(status);
			return new GatewayOrder(merchantOrderNo, s, amountFen, transactionId, paid ? amountFen : 0, paidAt,
					refundedFen);
		}
	}
}
