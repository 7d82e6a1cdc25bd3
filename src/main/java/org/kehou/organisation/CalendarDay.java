package org.kehou.organisation;

import java.time.DayOfWeek;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * One exception in a term calendar.
 *
 * @param date the day
 * @param kind what kind of exception it is
 * @param follows for {@link DayKind#SWAPPED_DAY} and {@link DayKind#MAKEUP_DAY}: the weekday (Monday–Friday) whose
 * timetable the day follows; {@code null} for the other kinds
 * @param note free text shown in the calendar (e.g. 国庆节), at most 100 characters
 */
public record CalendarDay(LocalDate date, DayKind kind, @Nullable DayOfWeek follows, @Nullable String note) {

	public CalendarDay {
		if (kind.followsWeekday()) {
			if (follows == null) {
				throw new CalendarDayRefused(CalendarDayRefused.Reason.FOLLOWS_REQUIRED, kind + " on " + date + " needs the weekday whose timetable it follows");
			}
			if (TermCalendar.isWeekend(follows)) {
				throw new CalendarDayRefused(CalendarDayRefused.Reason.FOLLOWS_WEEKDAY, kind + " on " + date + " must follow a weekday (Monday–Friday), not "
						+ follows);
			}
		}
		else if (follows != null) {
			throw new CalendarDayRefused(CalendarDayRefused.Reason.FOLLOWS_NOT_ALLOWED, kind + " on " + date + " follows no other weekday");
		}
		if (note != null) {
			note = note.strip();
			if (note.isEmpty()) {
				note = null;
			}
			else if (note.length() > 100) {
				throw new CalendarDayRefused(CalendarDayRefused.Reason.NOTE_TOO_LONG, "note longer than 100 characters");
			}
		}
	}

	public static CalendarDay holiday(LocalDate date, @Nullable String note) {
		return new CalendarDay(date, DayKind.HOLIDAY, null, note);
	}

	public static CalendarDay swapped(LocalDate date, DayOfWeek follows, @Nullable String note) {
		return new CalendarDay(date, DayKind.SWAPPED_DAY, follows, note);
	}

	public static CalendarDay makeUp(LocalDate date, DayOfWeek follows, @Nullable String note) {
		return new CalendarDay(date, DayKind.MAKEUP_DAY, follows, note);
	}

	public static CalendarDay noService(LocalDate date, @Nullable String note) {
		return new CalendarDay(date, DayKind.NO_SERVICE, null, note);
	}
}
