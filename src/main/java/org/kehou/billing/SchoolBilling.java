package org.kehou.billing;

/**
 * A school's billing rules.
 *
 * @param payWithinMinutes how long a guardian has to pay an order (pay-to-confirm: then it expires)
 * @param refundLeave whether sessions on approved leave are credited (refunded once paid)
 */
public record SchoolBilling(long schoolId, PaymentMode paymentMode, int payWithinMinutes, boolean refundLeave) {

	public static final int DEFAULT_PAY_WITHIN_MINUTES = 7 * 24 * 60;

	public static final int MIN_PAY_WITHIN_MINUTES = 15;

	public static final int MAX_PAY_WITHIN_MINUTES = 30 * 24 * 60;

	public static SchoolBilling defaults(long schoolId) {
		return new SchoolBilling(schoolId, PaymentMode.CONFIRM_THEN_PAY, DEFAULT_PAY_WITHIN_MINUTES, true);
	}
}
