package org.kehou.ledger;

/**
 * A posting the ledger refuses (nothing is written): the {@link Reason} names why; its message key is
 * {@code ledger.refused.<REASON>}.
 */
public class LedgerRefused extends IllegalStateException {

	public enum Reason {
		/** fewer than two legs */
		TOO_FEW_LEGS,
		/** a leg of zero or a negative amount */
		NOT_POSITIVE,
		/** debits differ from credits */
		UNBALANCED,
		/** the idempotency key was posted before with other legs */
		KEY_CONFLICT,
		/** no such posting */
		NOT_FOUND,
		/** a missing key, reference or description, a bad owner id, text too long */
		INVALID
	}

	private final Reason reason;

	public LedgerRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "ledger.refused." + reason.name();
	}
}
