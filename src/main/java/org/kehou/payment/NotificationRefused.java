package org.kehou.payment;

/** A notification that cannot be trusted or does not match the platform's records; nothing was recorded. */
public class NotificationRefused extends RuntimeException {

	public enum Reason {
		/** a signature, timestamp, nonce or serial header is missing */
		MISSING_HEADERS,
		/** the signature does not verify with the gateway's public key (forged or tampered) */
		BAD_SIGNATURE,
		/** the timestamp is too far from now (a replay) */
		STALE_TIMESTAMP,
		/** signed with a key (serial) the platform does not know */
		UNKNOWN_KEY,
		/** the body is not a notification */
		MALFORMED,
		/** no such order at the platform, or from another gateway */
		UNKNOWN_ORDER,
		/** the amount is not the order's */
		AMOUNT_MISMATCH
	}

	private final Reason reason;

	public NotificationRefused(Reason reason, String detail) {
		super(reason + ": " + detail);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
