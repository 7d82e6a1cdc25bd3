package org.kehou.billing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.Leg;
import org.kehou.ledger.Posting;
import org.kehou.ledger.PostingKind;
import org.kehou.payment.GatewayException;
import org.kehou.payment.GatewayRefund;
import org.kehou.payment.PaymentGateway;
import org.kehou.payment.RefundRequest;
import org.kehou.shared.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pays decided refunds back. Online: through the gateway that took the payment, with the refund number as the
 * gateway's idempotency key — a refund is claimed by one node at a time (a conditional update moves its next attempt
 * on), asked for, and on the gateway's answer marked DONE and posted once ({@code refund:<number>}: Dr refunds payable /
 * Cr gateway clearing); a failure is kept and retried with back-off, and a retry after a crash returns the gateway's
 * first answer. Offline (the payment was cash or a transfer): the school hands the money back and records it
 * (Dr refunds payable / Cr the school's cash).
 */
@Service
public class Refunds {

	private static final Logger log = LoggerFactory.getLogger(Refunds.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final PaymentGateway gateway;

	private final Ledger ledger;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	Refunds(JdbcClient jdbc, PlatformTransactionManager transactions, PaymentGateway gateway, Ledger ledger,
			AuditLog audit, ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.gateway = gateway;
		this.ledger = ledger;
		this.audit = audit;
	}

	private record Due(long id, String refundNo, long amount, String reason, String merchantOrderNo, long studentId,
			long orderId, int attempts) {
	}

	/** Pays back every online refund due now; returns how many were made. */
	public int processDue() {
		List<Long> due = jdbc.sql("""
				SELECT r.id FROM billing_refund r JOIN billing_payment p ON p.id = r.payment_id
				WHERE r.status = 'PENDING' AND p.method = 'ONLINE' AND r.next_attempt_at <= now()
				ORDER BY r.next_attempt_at LIMIT 200""")
			.query(Long.class)
			.list();
		int made = 0;
		for (long id : due) {
			made += process(id) ? 1 : 0;
		}
		return made;
	}

	/** Pays one online refund back if it is due and no other node has it; true when it is DONE now. */
	public boolean process(long refundId) {
		// claim: the next attempt moves on first, so another node (or sweep) leaves it alone meanwhile
		Optional<Due> claimed = jdbc.sql("""
				UPDATE billing_refund r SET attempts = r.attempts + 1,
				  next_attempt_at = now() + LEAST(interval '1 hour', interval '15 seconds' * power(2, r.attempts))
				FROM billing_payment p, billing_order o
				WHERE r.id = :id AND p.id = r.payment_id AND o.id = r.order_id AND r.status = 'PENDING'
				  AND p.method = 'ONLINE' AND r.next_attempt_at <= now()
				RETURNING r.id, r.refund_no, r.amount_fen, r.reason, p.merchant_order_no, o.student_id, r.order_id, r.attempts""")
			.param("id", refundId)
			.query((rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
					rs.getLong(6), rs.getLong(7), rs.getInt(8)))
			.optional();
		if (claimed.isEmpty()) {
			return false;
		}
		Due r = claimed.get();
		GatewayRefund made;
		try {
			made = gateway.refund(new RefundRequest(r.merchantOrderNo(), r.refundNo(), r.amount(), r.reason()));
		}
		catch (GatewayException | IllegalArgumentException e) {
			log.warn("Refund {} of order {} not made (attempt {}): {}", r.refundNo(), r.orderId(), r.attempts(), e.getMessage());
			jdbc.sql("UPDATE billing_refund SET last_error = :e WHERE id = :id")
				.param("e", truncate(String.valueOf(e.getMessage())))
				.param("id", r.id())
				.update();
			return false;
		}
		for (int attempt = 1;; attempt++) {
			try {
				tx.executeWithoutResult(status -> done(r.id(), r.refundNo(), r.amount(), r.studentId(), r.orderId(),
						made.refundId(), made.refundedAt(), AccountRef.gatewayClearing(), "原路退回 " + made.refundId()));
				return true;
			}
			catch (org.springframework.dao.PessimisticLockingFailureException e) {
				// a deadlock's victim (see Orders): rolled back whole; the gateway's refund is made, record it again
				if (attempt >= 5) {
					throw e;
				}
			}
		}
	}

	/**
	 * The school gave an offline refund back in cash (or by transfer).
	 *
	 * @throws BillingRefused NOT_CASH_REFUND when it is not an offline refund waiting to be handed over
	 */
	public RefundView recordCashRefund(long refundId) {
		Long by = CurrentUser.find().map(KehouUser::id).orElse(null);
		record Cash(long orderId, String refundNo, long amount, long studentId, long schoolId, @Nullable Long townId) {
		}
		tx.executeWithoutResult(status -> {
			Cash c = jdbc.sql("""
					SELECT r.order_id, r.refund_no, r.amount_fen, o.student_id, o.school_id, sc.town_id
					FROM billing_refund r JOIN billing_payment p ON p.id = r.payment_id JOIN billing_order o ON o.id = r.order_id
					  JOIN school sc ON sc.id = o.school_id
					WHERE r.id = :id AND r.status = 'PENDING' AND p.method = 'OFFLINE' FOR UPDATE OF r""")
				.param("id", refundId)
				.query((rs, i) -> new Cash(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
						rs.getObject(6, Long.class)))
				.optional()
				.orElseThrow(() -> new BillingRefused(BillingRefused.Reason.NOT_CASH_REFUND, "refund " + refundId));
			done(refundId, c.refundNo(), c.amount(), c.studentId(), c.orderId(), null, Instant.now(),
					AccountRef.cash(c.schoolId()), "线下退款");
			audit.record(AuditLog.Entry.of("cash-refund.record", "billing_refund", refundId)
				.in(c.townId(), c.schoolId())
				.detail(Money.ofFen(c.amount()) + " by " + by));
		});
		return jdbc.sql(Orders.REFUNDS + " WHERE r.id = :id").param("id", refundId).query(Orders::refundView).single();
	}

	private void done(long refundId, String refundNo, long amount, long studentId, long orderId,
			@Nullable String gatewayRefundId, Instant at, AccountRef from, String what) {
		long posting = ledger.post(new Posting("refund:" + refundNo, PostingKind.REFUND, "order:" + orderId,
				refundNo + " " + what, at, List.of(Leg.debit(AccountRef.refundsPayable(studentId), Money.ofFen(amount)),
						Leg.credit(from, Money.ofFen(amount)))))
			.id();
		int marked = jdbc.sql("""
				UPDATE billing_refund SET status = 'DONE', done_at = :at, gateway_refund_id = :gid, posting_id = :p,
				  last_error = NULL WHERE id = :id AND status = 'PENDING'""")
			.param("at", Timestamp.from(at))
			.param("gid", gatewayRefundId)
			.param("p", posting)
			.param("id", refundId)
			.update();
		if (marked == 1) {
			String reason = jdbc.sql("SELECT reason FROM billing_refund WHERE id = :id").param("id", refundId)
				.query(String.class).single();
			events.publishEvent(new RefundMade(refundId, orderId, studentId, amount, reason));
		}
	}

	private static String truncate(String text) {
		return text.length() <= 300 ? text : text.substring(0, 300);
	}
}
