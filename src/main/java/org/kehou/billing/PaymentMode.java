package org.kehou.billing;

/** When a school's places must be paid. */
public enum PaymentMode {
	/** The order must be paid within the school's time, or it expires and its places are released. */
	PAY_TO_CONFIRM,
	/** The places stay; the due time is a reminder. */
	CONFIRM_THEN_PAY
}
