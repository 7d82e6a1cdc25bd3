package org.kehou.payment;

import org.jspecify.annotations.Nullable;

/**
 * A refund the platform asks for.
 *
 * @param merchantRefundNo the platform's refund number: the idempotency key (asking again never refunds twice)
 * @param amountFen the amount to give back, positive, at most paid minus refunded so far
 * @param reason shown to the payer (≤ 80 characters)
 */
public record RefundRequest(String merchantOrderNo, String merchantRefundNo, long amountFen, @Nullable String reason) {

	public RefundRequest {
		if (!merchantRefundNo.matches("[A-Za-z0-9_|*@-]{1,64}")) {
			throw new IllegalArgumentException("merchant refund number must be 1-64 of [A-Za-z0-9_-|*@]");
		}
		if (amountFen <= 0) {
			throw new IllegalArgumentException("refund amount must be positive: " + amountFen);
		}
		if (reason != null && reason.length() > 80) {
			throw new IllegalArgumentException("refund reason must be at most 80 characters");
		}
	}
}
