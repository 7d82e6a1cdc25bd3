package org.kehou.billing;

/** What a session of a settlement period counts as. Only {@link #GIVEN} sessions earn money. */
public enum SessionState {
	/** Held (scheduled) and an instructor checked in: settled. */
	GIVEN,
	/** Held in the timetable but no instructor checked in: 未签到，不结算. */
	NOT_CHECKED_IN,
	/** Cancelled by the school: 已取消. */
	CANCELLED,
	/** Moved to another time (the new session is listed on its own date). */
	RESCHEDULED,
	/** Today, not over yet and no check-in so far. */
	UPCOMING
}
