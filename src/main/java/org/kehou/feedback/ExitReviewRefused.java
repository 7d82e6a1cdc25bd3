package org.kehou.feedback;

/**
 * An exit-review decision refused; {@code messageKey} is a key of the {@code scorecard} bundle, shown as is.
 */
public class ExitReviewRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why: NOT_FOUND (404), FORBIDDEN (403, e.g. a town expelling), INVALID (400), STATE (409). */
	public enum Reason {
		NOT_FOUND, FORBIDDEN, INVALID, STATE
	}

	private final Reason reason;

	private final String messageKey;

	public ExitReviewRefused(Reason reason, String messageKey) {
		super(reason + ": " + messageKey);
		this.reason = reason;
		this.messageKey = messageKey;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return messageKey;
	}
}
