package org.kehou.payment;

import java.time.LocalDate;
import java.util.Map;

/**
 * A payment gateway (WeChat Pay, Alipay, the sandbox), as the platform sees it. Modelled on the real flows:
 * <ol>
 * <li>{@link #prepay} creates an order at the gateway and returns where the payer pays (a cashier URL, or the
 * parameters a WeChat JSAPI / Alipay page needs);</li>
 * <li>the payer pays at the gateway; the gateway then POSTs an <b>asynchronous signed notification</b> to the notify
 * URL given at prepay — possibly twice, late, out of order, or never — which the platform checks with
 * {@link #verify} and answers 2xx once it has recorded it (anything else makes the gateway retry);</li>
 * <li>{@link #query} tells an order's state at any time (the answer for an order whose notification never came);</li>
 * <li>{@link #refund} gives money back (partially, idempotent by the merchant's refund number, never more than was
 * paid), {@link #close} closes an unpaid order, {@link #statement} is the day's bill for reconciliation.</li>
 * </ol>
 * Amounts are fen ({@code long}); times are instants. An adapter for a real gateway implements this interface and is
 * selected with {@code kehou.payment.gateway} (docs/payment.md).
 */
public interface PaymentGateway {

	/** The gateway's name in configuration, records and the notify URL ({@code /api/v1/payment/notify/<name>}). */
	String name();

	/**
	 * Creates the order at the gateway. Calling it again with the same merchant order number and the same content
	 * returns the same prepay (as WeChat Pay does); different content is refused.
	 *
	 * @throws GatewayException {@link GatewayException.Reason#ORDER_CONFLICT} when the number exists with other content
	 */
	PrepayOrder prepay(PrepayRequest request);

	/** The order's state at the gateway now. @throws GatewayException ORDER_NOT_FOUND */
	GatewayOrder query(String merchantOrderNo);

	/**
	 * Refunds part or all of a paid order. Idempotent by {@code merchantRefundNo}: the same number with the same
	 * amount returns the refund made the first time; with another amount it is refused. Never more than paid minus
	 * refunded so far, under any concurrency.
	 *
	 * @throws GatewayException ORDER_NOT_FOUND, NOT_PAID, REFUND_EXCEEDS_PAID, REFUND_CONFLICT
	 */
	GatewayRefund refund(RefundRequest request);

	/** Closes an unpaid order so it can no longer be paid; closing a closed order is fine. @throws GatewayException ALREADY_PAID */
	void close(String merchantOrderNo);

	/**
	 * Checks a notification as received (headers and the raw body, byte for byte): the signature with the gateway's
	 * public key, the key's serial, the timestamp's freshness. Says nothing about the platform's own records: the
	 * caller checks that the order exists and the amount is the one expected.
	 *
	 * @param headers the HTTP headers (names in any case)
	 * @throws NotificationRefused when it cannot be trusted
	 */
	GatewayNotification verify(Map<String, String> headers, String body);

	/** The day's bill (the gateway's calendar day, Asia/Shanghai): one line per payment and per refund. */
	Statement statement(LocalDate date);
}
