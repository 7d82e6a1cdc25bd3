package org.kehou.feedback;

/**
 * A complaint step the rules refuse: {@link Reason#NOT_FOUND} (no such complaint or child, or out of scope: 404),
 * {@link Reason#NOT_YOUR_LEVEL} (403: another level handles it), otherwise a conflict with its state (409). Its
 * message key is {@code complaint.refused.<REASON>}.
 */
public class ComplaintRefused extends IllegalStateException {

	public enum Reason {
		NOT_FOUND, NOT_YOUR_LEVEL, WRONG_STATUS, TOP_LEVEL, ALREADY_RATED, ALREADY_REOPENED, REOPEN_EXPIRED, NOT_AUTHOR
	}

	private final Reason reason;

	public ComplaintRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "complaint.refused." + reason.name();
	}
}
