package org.kehou.attendance;

/**
 * An instructor check-in the rules refuse: the {@link Reason} names why; its message key is
 * {@code checkin.refused.<REASON>}. The API answers 404 for {@code NOT_FOUND}, 403 for {@code NOT_LINKED} and
 * {@code NOT_TEACHING}, 409 for the others.
 */
public class CheckInRefused extends IllegalStateException {

	public enum Reason {
		/** No such session. */
		NOT_FOUND,
		/** The account is not linked to an instructor record. */
		NOT_LINKED,
		/** The instructor does not teach the session's offering. */
		NOT_TEACHING,
		/** The session is cancelled or moved. */
		NOT_SCHEDULED,
		/** Too early or too late for this session (the code opens 30 minutes before the start, closes 30 after the end). */
		NOT_OPEN,
		/** The code is wrong, of another session, or older than two minutes: scan again. */
		CODE_INVALID,
		/** Check-out before check-in. */
		NOT_CHECKED_IN
	}

	private final Reason reason;

	public CheckInRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "checkin.refused." + reason.name();
	}
}
