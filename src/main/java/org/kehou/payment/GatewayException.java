package org.kehou.payment;

/** A gateway refused a request (the reasons mirror WeChat Pay's error codes). */
public class GatewayException extends RuntimeException {

	public enum Reason {
		ORDER_NOT_FOUND, ORDER_CONFLICT, ORDER_EXPIRED, ORDER_CLOSED, ALREADY_PAID, NOT_PAID, REFUND_EXCEEDS_PAID,
		REFUND_CONFLICT, WRONG_PAYER
	}

	private final Reason reason;

	public GatewayException(Reason reason, String detail) {
		super(reason + ": " + detail);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
