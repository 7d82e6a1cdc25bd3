package org.kehou.attendance;

/**
 * An attendance action the rules refuse (409): the {@link Reason} names why; its message key is
 * {@code attendance.refused.<REASON>}.
 */
public class AttendanceRefused extends IllegalStateException {

	public enum Reason {
		NOT_FOUND, NOT_SCHEDULED, ROLL_TAKEN, NOT_TODAY, NOT_A_SERVICE_DAY, OUTSIDE_WINDOW, IN_THE_PAST, TAKEN,
		NOT_ENROLLED, STARTED, ON_LEAVE_ALREADY, NOT_PENDING, VENUE_BUSY, TEACHER_BUSY
	}

	private final Reason reason;

	public AttendanceRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "attendance.refused." + reason.name();
	}
}
