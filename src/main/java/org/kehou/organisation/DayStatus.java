package org.kehou.organisation;

/** What a date is in a term calendar, as shown on the calendar page. */
public enum DayStatus {
	/** Before the term starts or after it ends. */
	OUTSIDE_TERM,
	/** A regular Monday–Friday school day with after-school service. */
	SERVICE_DAY,
	/** Saturday or Sunday without school. */
	WEEKEND,
	HOLIDAY,
	SWAPPED_DAY,
	MAKEUP_DAY,
	NO_SERVICE;

	public boolean isServiceDay() {
		return this == SERVICE_DAY || this == SWAPPED_DAY || this == MAKEUP_DAY;
	}
}
