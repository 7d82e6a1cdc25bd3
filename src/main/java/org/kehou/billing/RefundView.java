package org.kehou.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * Money given back to the guardian: PENDING until the gateway made it (online) or the school handed the cash over
 * (offline), then DONE.
 */
public record RefundView(long id, long orderId, long paymentId, String refundNo, long amountFen, String reason,
		boolean done, boolean online, @Nullable String lastError, Instant createdAt, @Nullable Instant doneAt) {

	public Money amount() {
		return Money.ofFen(amountFen);
	}
}
