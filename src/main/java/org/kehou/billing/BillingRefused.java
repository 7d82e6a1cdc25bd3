package org.kehou.billing;

/** A billing action that cannot be done; nothing was changed. The message key is {@code billing.refused.<REASON>}. */
public class BillingRefused extends RuntimeException {

	public enum Reason {
		/** no such order (or not the caller's) */
		NOT_FOUND,
		/** the order has nothing left to pay */
		NOTHING_TO_PAY,
		/** the order is closed */
		CLOSED,
		/** the payment is still being confirmed by the gateway */
		PAYMENT_PENDING,
		/** an amount out of range */
		BAD_AMOUNT,
		/** the gateway refused or is unreachable */
		GATEWAY,
		/** not an offline refund waiting for cash */
		NOT_CASH_REFUND,
		/** a value outside the allowed range */
		INVALID
	}

	private final Reason reason;

	public BillingRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "billing.refused." + reason.name();
	}
}
