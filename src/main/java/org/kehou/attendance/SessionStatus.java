package org.kehou.attendance;

/** Where a session stands. Only a SCHEDULED session is held, rolled and charged. */
public enum SessionStatus {
	SCHEDULED,
	/** Cancelled by the school (weather, exam, event …): not held, not charged. */
	CANCELLED,
	/** Moved to another date or time: the new session names this one in {@code rescheduledFrom}. */
	RESCHEDULED
}
