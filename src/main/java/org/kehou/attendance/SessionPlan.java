package org.kehou.attendance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.kehou.organisation.TermCalendar;
import org.kehou.selection.Slot;

/**
 * The sessions a weekly timetable yields in a term (pure): every service day of the calendar from {@code from} on
 * meets the slots of the weekday whose timetable it follows — its own weekday, or the one a 调休 (swapped) or 补课
 * (make-up) weekend day names. Holidays and days without service yield nothing.
 */
public final class SessionPlan {

	/** One planned session: its date, times and the timetable weekday it follows (1 = Monday … 5 = Friday). */
	public record Planned(LocalDate date, LocalTime starts, LocalTime ends, int weekday) {
	}

	private SessionPlan() {
	}

	public static List<Planned> of(TermCalendar calendar, Collection<Slot> slots, LocalDate from) {
		List<Planned> result = new ArrayList<>();
		for (LocalDate day : calendar.serviceDaysBetween(from, calendar.endsOn())) {
			DayOfWeek follows = calendar.timetableWeekday(day).orElseThrow();
			for (Slot slot : slots.stream().sorted().toList()) {
				if (slot.dayOfWeek() == follows) {
					result.add(new Planned(day, slot.starts(), slot.ends(), slot.weekday()));
				}
			}
		}
		return result;
	}
}
