package org.kehou.billing;

/** A refund was paid back to a child's guardians — through the gateway or in cash (published in its transaction). */
public record RefundMade(long refundId, long orderId, long studentId, long amountFen, String reason) {
}
