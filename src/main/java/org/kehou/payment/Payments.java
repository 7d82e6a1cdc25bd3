package org.kehou.payment;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.kehou.identity.AuditLog;
import org.kehou.payment.internal.PaymentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform's side of online payment. {@link #prepay} creates the order at the gateway in use and remembers it
 * (a payment intent); {@link #receive} takes a gateway's notification as it arrived over HTTP, verifies it
 * (signature, key, timestamp by the gateway; order and amount against the intent here), records it exactly once —
 * the key is gateway + transaction id + event type, so redeliveries, duplicates racing each other and a query that
 * got there first all end in one row — and publishes {@link PaymentConfirmed} once per transaction, in the same
 * transaction as the row. A refused notification changes nothing and is logged and audited.
 * {@link #reconcileUnknown} asks the gateway about intents without a notification after a while (every minute by
 * itself), so a lost notification never loses a payment.
 */
@Service
public class Payments {

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	/** What became of a verified notification. */
	public enum Received {
		/** recorded now, {@link PaymentConfirmed} published */
		RECORDED,
		/** recorded before (a redelivery or a duplicate): nothing changed */
		ALREADY_RECORDED,
		/** an event type the platform does not act on (acknowledged so the gateway stops) */
		IGNORED
	}

	private final PaymentGateway gateway;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final PaymentProperties properties;

	private final Environment environment;

	Payments(PaymentGateway gateway, JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			AuditLog audit, PaymentProperties properties, Environment environment) {
		this.gateway = gateway;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.audit = audit;
		this.properties = properties;
		this.environment = environment;
	}

	/** The gateway in use ({@code sandbox} by default). */
	public String gatewayName() {
		return gateway.name();
	}

	/**
	 * Creates a prepay order at the gateway, payable only by this guardian until {@code expiresAt}; the same
	 * merchant order number again returns the same prepay.
	 */
	public PrepayOrder prepay(String merchantOrderNo, long amountFen, String description, long guardianId,
			Instant expiresAt) {
		PrepayOrder prepay = gateway.prepay(new PrepayRequest(merchantOrderNo, amountFen, description,
				String.valueOf(guardianId), notifyUrl(), expiresAt));
		jdbc.sql("""
				INSERT INTO payment_intent (merchant_order_no, gateway, amount_fen, description, payer_guardian_id,
				  prepay_id, pay_url, expires_at)
				VALUES (:no, :gateway, :amount, :description, :guardian, :prepay, :url, :expires)
				ON CONFLICT (merchant_order_no) DO NOTHING""")
			.param("no", merchantOrderNo)
			.param("gateway", gateway.name())
			.param("amount", amountFen)
			.param("description", description)
			.param("guardian", guardianId)
			.param("prepay", prepay.prepayId())
			.param("url", prepay.payUrl().toString())
			.param("expires", Timestamp.from(expiresAt))
			.update();
		return prepay;
	}

	/** Where the gateway POSTs notifications: {@code <base>/api/v1/payment/notify/<gateway>}. */
	public URI notifyUrl() {
		String base = properties.notifyBaseUrl();
		if (base.isBlank()) {
			String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
			base = "http://localhost:" + port;
		}
		return URI.create(base.replaceAll("/+$", "") + "/api/v1/payment/notify/" + gateway.name());
	}

	/**
	 * Verifies and records a notification exactly as received.
	 *
	 * @param gatewayName the gateway the notify URL names
	 * @throws NotificationRefused when it cannot be trusted or does not match the intent (logged, audited, nothing
	 *         recorded)
	 */
	public Received receive(String gatewayName, Map<String, String> headers, String body) {
		GatewayNotification n;
		try {
			if (!gatewayName.equals(gateway.name())) {
				throw new NotificationRefused(NotificationRefused.Reason.UNKNOWN_KEY, "gateway " + gatewayName + " is not in use");
			}
			n = gateway.verify(headers, body);
			if (!GatewayNotification.TRANSACTION_SUCCESS.equals(n.eventType())) {
				return Received.IGNORED;
			}
			Long expected = jdbc.sql("SELECT amount_fen FROM payment_intent WHERE merchant_order_no = :no AND gateway = :g")
				.param("no", n.merchantOrderNo())
				.param("g", gateway.name())
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new NotificationRefused(NotificationRefused.Reason.UNKNOWN_ORDER, n.merchantOrderNo()));
			if (expected != n.amountFen()) {
				throw new NotificationRefused(NotificationRefused.Reason.AMOUNT_MISMATCH,
						n.merchantOrderNo() + ": " + n.amountFen() + " fen notified, " + expected + " fen expected");
			}
		}
		catch (NotificationRefused e) {
			log.warn("Refused a {} payment notification: {}", gatewayName, e.getMessage());
			audit.record(AuditLog.Entry.of("gateway-notify.refused", "payment-notification", gatewayName)
				.detail(e.getMessage())
				.outcome(AuditLog.Outcome.DENIED));
			throw e;
		}
		return record(n.merchantOrderNo(), n.transactionId(), n.amountFen(), n.paidAt(), "NOTIFY", n.notificationId())
				? Received.RECORDED : Received.ALREADY_RECORDED;
	}

	/**
	 * Asks the gateway about every intent still without a confirmation after {@code olderThan}: paid ones are
	 * recorded (source QUERY) and confirmed exactly as a notification would; closed ones, and unpaid ones past
	 * their expiry (closed at the gateway first, so they can no longer be paid), are marked resolved.
	 *
	 * @return how many payments were confirmed by query
	 */
	public int reconcileUnknown(Duration olderThan) {
		List<Intent> open = jdbc.sql("""
				SELECT merchant_order_no, amount_fen, expires_at FROM payment_intent
				WHERE gateway = :g AND confirmed_at IS NULL AND resolved_status IS NULL AND created_at <= now() - :ms * interval '1 millisecond'
				ORDER BY created_at LIMIT 500""")
			.param("g", gateway.name())
			.param("ms", olderThan.toMillis())
			.query((rs, i) -> new Intent(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()))
			.list();
		int confirmed = 0;
		for (Intent intent : open) {
			try {
				GatewayOrder order = gateway.query(intent.merchantOrderNo());
				if (order.status().wasPaid() && order.transactionId() != null && order.paidAt() != null) {
					if (order.paidFen() != intent.amountFen()) {
						log.error("Gateway reports {} paid with {} fen, {} fen expected: left for a finance user",
								intent.merchantOrderNo(), order.paidFen(), intent.amountFen());
						audit.record(AuditLog.Entry.of("gateway-query.amount-mismatch", "payment-intent", intent.merchantOrderNo())
							.detail(order.paidFen() + " fen paid, " + intent.amountFen() + " expected")
							.outcome(AuditLog.Outcome.FAILED));
						continue;
					}
					if (record(intent.merchantOrderNo(), order.transactionId(), order.paidFen(), order.paidAt(), "QUERY", null)) {
						confirmed++;
					}
				}
				else if (order.status() == GatewayOrder.Status.CLOSED
						|| (order.status() == GatewayOrder.Status.NOT_PAID && intent.expiresAt().isBefore(Instant.now()))) {
					if (order.status() == GatewayOrder.Status.NOT_PAID) {
						gateway.close(intent.merchantOrderNo());
					}
					jdbc.sql("UPDATE payment_intent SET resolved_status = 'CLOSED' WHERE merchant_order_no = :no AND confirmed_at IS NULL")
						.param("no", intent.merchantOrderNo())
						.update();
				}
			}
			catch (GatewayException e) {
				// paid in the meantime (close refused) or unknown at the gateway: the next round looks again
				log.warn("Querying {} at {}: {}", intent.merchantOrderNo(), gateway.name(), e.getMessage());
			}
		}
		return confirmed;
	}

	@Scheduled(fixedDelayString = "${kehou.payment.reconcile-every:PT1M}", initialDelayString = "${kehou.payment.reconcile-every:PT1M}")
	void reconcileUnknownOnSchedule() {
		int confirmed = reconcileUnknown(properties.queryAfter());
		if (confirmed > 0) {
			log.info("{} payments confirmed by query at {} (their notifications had not arrived)", confirmed, gateway.name());
		}
	}

	/** Records the paid transaction once; true when this call recorded it (and published the event). */
	private boolean record(String merchantOrderNo, String transactionId, long amountFen, Instant paidAt, String source,
			@org.jspecify.annotations.Nullable String notificationId) {
		Boolean recorded = transactions.execute(tx -> {
			int inserted = jdbc.sql("""
					INSERT INTO payment_notification (gateway, transaction_id, event_type, merchant_order_no, amount_fen,
					  paid_at, source, notification_id)
					VALUES (:g, :tx, :type, :no, :amount, :paidAt, :source, :nid)
					ON CONFLICT (gateway, transaction_id, event_type) DO NOTHING""")
				.param("g", gateway.name())
				.param("tx", transactionId)
				.param("type", GatewayNotification.TRANSACTION_SUCCESS)
				.param("no", merchantOrderNo)
				.param("amount", amountFen)
				.param("paidAt", Timestamp.from(paidAt))
				.param("source", source)
				.param("nid", notificationId)
				.update();
			if (inserted == 0) {
				return false;
			}
			jdbc.sql("""
					UPDATE payment_intent SET transaction_id = :tx, confirmed_at = now(), resolved_status = NULL
					WHERE merchant_order_no = :no AND confirmed_at IS NULL""")
				.param("tx", transactionId)
				.param("no", merchantOrderNo)
				.update();
			events.publishEvent(new PaymentConfirmed(gateway.name(), merchantOrderNo, transactionId, amountFen, paidAt));
			return true;
		});
		return Boolean.TRUE.equals(recorded);
	}

	private record Intent(String merchantOrderNo, long amountFen, Instant expiresAt) {
	}
}
