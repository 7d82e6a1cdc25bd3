package org.kehou.payment;

import java.time.Instant;

/**
 * A gateway confirmed that an order was paid: published once per transaction, whether the signed notification (once
 * or many times) or a query told it first. For the orders module to apply the payment.
 */
public record PaymentConfirmed(String gateway, String merchantOrderNo, String transactionId, long amountFen,
		Instant paidAt) {
}
