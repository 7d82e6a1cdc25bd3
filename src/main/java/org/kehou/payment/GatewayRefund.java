package org.kehou.payment;

import java.time.Instant;

/**
 * A refund made by the gateway.
 *
 * @param refundId the gateway's refund id
 * @param replay true when this refund number had been used before and this is the first answer again
 * @param refundedTotalFen refunded on the order so far, this refund included
 */
public record GatewayRefund(String merchantOrderNo, String merchantRefundNo, String refundId, long amountFen,
		Instant refundedAt, boolean replay, long refundedTotalFen) {
}
