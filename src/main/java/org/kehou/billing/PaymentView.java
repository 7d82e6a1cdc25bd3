package org.kehou.billing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/** Money received for an order: online through a gateway, or offline recorded by the school. */
public record PaymentView(long id, long orderId, boolean online, @Nullable String gateway,
		@Nullable String transactionId, @Nullable OfflineKind offlineKind, long amountFen, Instant paidAt,
		String receiptNo, @Nullable String note) {

	public Money amount() {
		return Money.ofFen(amountFen);
	}
}
