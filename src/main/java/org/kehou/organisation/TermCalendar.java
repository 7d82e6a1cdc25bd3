package org.kehou.organisation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A school term's calendar (校历): the term runs from {@link #startsOn()} to {@link #endsOn()} (both included);
 * Monday to Friday are school days with after-school service unless an exception says otherwise:
 * <ul>
 * <li>{@link DayKind#HOLIDAY} — a weekday without school;</li>
 * <li>{@link DayKind#NO_SERVICE} — a weekday with school but without after-school service;</li>
 * <li>{@link DayKind#SWAPPED_DAY} (调休) and {@link DayKind#MAKEUP_DAY} (补课) — a Saturday or Sunday that is a
 * school day following the timetable of a given weekday.</li>
 * </ul>
 * Immutable: {@link #with(CalendarDay)} and {@link #without(LocalDate)} return a new calendar and refuse
 * exceptions that make no sense (outside the term, a swapped day on a weekday, a holiday on a Sunday …) with
 * {@link IllegalArgumentException}.
 */
public final class TermCalendar {

	/** A term is at most a year long. */
	static final int MAX_LENGTH_DAYS = 366;

	private final LocalDate startsOn;

	private final LocalDate endsOn;

	private final Map<LocalDate, CalendarDay> days;

	public TermCalendar(LocalDate startsOn, LocalDate endsOn, Collection<CalendarDay> days) {
		if (!endsOn.isAfter(startsOn)) {
			throw new IllegalArgumentException("a term must end after it starts: " + startsOn + " – " + endsOn);
		}
		if (ChronoUnit.DAYS.between(startsOn, endsOn) >= MAX_LENGTH_DAYS) {
			throw new IllegalArgumentException("a term lasts at most a year: " + startsOn + " – " + endsOn);
		}
		this.startsOn = startsOn;
		this.endsOn = endsOn;
		TreeMap<LocalDate, CalendarDay> byDate = new TreeMap<>();
		for (CalendarDay day : days) {
			check(day);
			if (byDate.put(day.date(), day) != null) {
				throw new IllegalArgumentException("two exceptions for " + day.date());
			}
		}
		this.days = Collections.unmodifiableMap(byDate);
	}

	/** A calendar with no exceptions yet. */
	public static TermCalendar of(LocalDate startsOn, LocalDate endsOn) {
		return new TermCalendar(startsOn, endsOn, List.of());
	}

	public LocalDate startsOn() {
		return startsOn;
	}

	public LocalDate endsOn() {
		return endsOn;
	}

	/** The exceptions, in date order. */
	public List<CalendarDay> days() {
		return List.copyOf(days.values());
	}

	public Optional<CalendarDay> day(LocalDate date) {
		return Optional.ofNullable(days.get(date));
	}

	public boolean contains(LocalDate date) {
		return !date.isBefore(startsOn) && !date.isAfter(endsOn);
	}

	/** This calendar with {@code day} added, replacing an exception already recorded for that date. */
	public TermCalendar with(CalendarDay day) {
		check(day);
		Map<LocalDate, CalendarDay> copy = new TreeMap<>(days);
		copy.put(day.date(), day);
		return new TermCalendar(startsOn, endsOn, copy.values());
	}

	/** This calendar without the exception of {@code date} (unchanged when there is none). */
	public TermCalendar without(LocalDate date) {
		if (!days.containsKey(date)) {
			return this;
		}
		Map<LocalDate, CalendarDay> copy = new TreeMap<>(days);
		copy.remove(date);
		return new TermCalendar(startsOn, endsOn, copy.values());
	}

	/** What {@code date} is in this term; any date may be asked. */
	public DayStatus status(LocalDate date) {
		if (!contains(date)) {
			return DayStatus.OUTSIDE_TERM;
		}
		CalendarDay exception = days.get(date);
		if (exception != null) {
			return switch (exception.kind()) {
				case HOLIDAY -> DayStatus.HOLIDAY;
				case NO_SERVICE -> DayStatus.NO_SERVICE;
				case SWAPPED_DAY -> DayStatus.SWAPPED_DAY;
				case MAKEUP_DAY -> DayStatus.MAKEUP_DAY;
			};
		}
		return isWeekend(date.getDayOfWeek()) ? DayStatus.WEEKEND : DayStatus.SERVICE_DAY;
	}

	/** Whether the after-school service runs on {@code date}; false outside the term. */
	public boolean isServiceDay(LocalDate date) {
		return status(date).isServiceDay();
	}

	/** Whether {@code date} is a school day (with or without after-school service); false outside the term. */
	public boolean isSchoolDay(LocalDate date) {
		DayStatus status = status(date);
		return status.isServiceDay() || status == DayStatus.NO_SERVICE;
	}

	/**
	 * The weekday whose timetable a school day follows: its own weekday, or the configured one for a 调休/补课 day.
	 * Empty for a day without school and for a date outside the term.
	 */
	public Optional<DayOfWeek> timetableWeekday(LocalDate date) {
		if (!isSchoolDay(date)) {
			return Optional.empty();
		}
		CalendarDay exception = days.get(date);
		if (exception != null && exception.follows() != null) {
			return Optional.of(exception.follows());
		}
		return Optional.of(date.getDayOfWeek());
	}

	/** Every day of the term with after-school service, in order. */
	public List<LocalDate> serviceDays() {
		return serviceDaysBetween(startsOn, endsOn);
	}

	/** The service days from {@code from} to {@code to} (both included, clipped to the term), in order. */
	public List<LocalDate> serviceDaysBetween(LocalDate from, LocalDate to) {
		LocalDate first = from.isBefore(startsOn) ? startsOn : from;
		LocalDate last = to.isAfter(endsOn) ? endsOn : to;
		List<LocalDate> result = new ArrayList<>();
		for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
			if (isServiceDay(d)) {
				result.add(d);
			}
		}
		return result;
	}

	public int serviceDayCount() {
		return serviceDays().size();
	}

	private void check(CalendarDay day) {
		if (!contains(day.date())) {
			throw new CalendarDayRefused(CalendarDayRefused.Reason.OUTSIDE_TERM,
					day.date() + " lies outside the term " + startsOn + " – " + endsOn);
		}
		boolean weekend = isWeekend(day.date().getDayOfWeek());
		switch (day.kind()) {
			case HOLIDAY, NO_SERVICE -> {
				if (weekend) {
					throw new CalendarDayRefused(CalendarDayRefused.Reason.WEEKDAY_ONLY,
							day.kind() + " on " + day.date() + ": a weekend day has no school anyway");
				}
			}
			case SWAPPED_DAY, MAKEUP_DAY -> {
				if (!weekend) {
					throw new CalendarDayRefused(CalendarDayRefused.Reason.WEEKEND_ONLY,
							day.kind() + " on " + day.date() + ": only a Saturday or Sunday can be made a school day");
				}
			}
		}
	}

	static boolean isWeekend(DayOfWeek day) {
		return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TermCalendar other && other.startsOn.equals(startsOn) && other.endsOn.equals(endsOn)
				&& other.days.equals(days);
	}

	@Override
	public int hashCode() {
		return startsOn.hashCode() * 31 + endsOn.hashCode() * 17 + days.hashCode();
	}

	@Override
	public String toString() {
		return "TermCalendar[" + startsOn + " – " + endsOn + ", " + days.size() + " exceptions]";
	}
}
