package org.kehou.payment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An order as the gateway knows it (the answer to {@link PaymentGateway#query}).
 *
 * @param transactionId the gateway's transaction id once paid (WeChat {@code transaction_id}, Alipay {@code trade_no})
 * @param paidFen what the payer paid (0 unless paid)
 * @param paidAt when it was paid
 * @param refundedFen refunded so far
 */
public record GatewayOrder(String merchantOrderNo, Status status, long amountFen, @Nullable String transactionId,
		long paidFen, @Nullable Instant paidAt, long refundedFen) {

	/** WeChat Pay's {@code trade_state}, simplified; REFUNDED and PARTIALLY_REFUNDED were paid before. */
	public enum Status {
		NOT_PAID, PAID, PARTIALLY_REFUNDED, REFUNDED, CLOSED;

		/** Whether money was received for the order (it may have been refunded since). */
		public boolean wasPaid() {
			return this == PAID || this == PARTIALLY_REFUNDED || this == REFUNDED;
		}
	}
}
