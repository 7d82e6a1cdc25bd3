package org.kehou.payment;

import java.time.Instant;

/**
 * A notification whose signature, key and timestamp checked out ({@link PaymentGateway#verify}).
 *
 * @param notificationId the gateway's id of this notification (the same for every redelivery)
 * @param eventType {@code TRANSACTION.SUCCESS} (WeChat's name) for a payment
 * @param status the order's state the notification reports (PAID for TRANSACTION.SUCCESS)
 */
public record GatewayNotification(String notificationId, String eventType, String merchantOrderNo,
		String transactionId, long amountFen, GatewayOrder.Status status, Instant paidAt) {

	public static final String TRANSACTION_SUCCESS = "TRANSACTION.SUCCESS";
}
