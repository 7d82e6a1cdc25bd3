package org.kehou.organisation;

/**
 * A term calendar refused an exception; {@link #reason()} says why (pages turn it into a message).
 */
public class CalendarDayRefused extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public enum Reason {
		/** The day lies outside the term. */
		OUTSIDE_TERM,
		/** Only a Saturday or Sunday can become a 调休 or 补课 school day. */
		WEEKEND_ONLY,
		/** A holiday or no-service day must be a weekday (weekends have no school anyway). */
		WEEKDAY_ONLY,
		/** A 调休 or 补课 day must say which weekday's timetable it follows. */
		FOLLOWS_REQUIRED,
		/** The followed day must be Monday to Friday. */
		FOLLOWS_WEEKDAY,
		/** Only 调休 and 补课 days follow another weekday. */
		FOLLOWS_NOT_ALLOWED,
		/** The note is longer than 100 characters. */
		NOTE_TOO_LONG
	}

	private final Reason reason;

	CalendarDayRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
