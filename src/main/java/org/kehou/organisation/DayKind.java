package org.kehou.organisation;

/**
 * An exception to a term's Monday–Friday rule.
 */
public enum DayKind {

	/** No school on a weekday (国庆, 春节 …). */
	HOLIDAY(false),

	/** 调休: a weekend day that is a school day, following another weekday's timetable. */
	SWAPPED_DAY(true),

	/** 补课: an extra school day on a weekend, following another weekday's timetable. */
	MAKEUP_DAY(true),

	/** A school day without after-school service (exam, school event). */
	NO_SERVICE(false);

	private final boolean followsWeekday;

	DayKind(boolean followsWeekday) {
		this.followsWeekday = followsWeekday;
	}

	/** Whether a day of this kind is a school day on a weekend that follows the timetable of a weekday. */
	public boolean followsWeekday() {
		return followsWeekday;
	}
}
