package org.kehou.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The rules of a term calendar, without Spring. */
class TermCalendarTests {

	// Autumn term 2026: Tuesday 1 September 2026 – Friday 15 January 2027
	static final LocalDate START = LocalDate.of(2026, 9, 1);

	static final LocalDate END = LocalDate.of(2027, 1, 15);

	final TermCalendar plain = TermCalendar.of(START, END);

	@Test
	void weekdaysAreServiceDaysAndWeekendsAreNot() {
		assertThat(plain.isServiceDay(LocalDate.of(2026, 9, 1))).isTrue(); // Tuesday
		assertThat(plain.isServiceDay(LocalDate.of(2026, 9, 5))).isFalse(); // Saturday
		assertThat(plain.status(LocalDate.of(2026, 9, 6))).isEqualTo(DayStatus.WEEKEND);
		assertThat(plain.timetableWeekday(LocalDate.of(2026, 9, 4))).contains(DayOfWeek.FRIDAY);
		assertThat(plain.timetableWeekday(LocalDate.of(2026, 9, 6))).isEmpty();
	}

	@Test
	void daysOutsideTheTermAreNoServiceDays() {
		assertThat(plain.isServiceDay(LocalDate.of(2026, 8, 31))).isFalse();
		assertThat(plain.isServiceDay(LocalDate.of(2027, 1, 18))).isFalse();
		assertThat(plain.status(LocalDate.of(2026, 8, 31))).isEqualTo(DayStatus.OUTSIDE_TERM);
		assertThat(plain.timetableWeekday(LocalDate.of(2026, 8, 31))).isEmpty();
	}

	@Test
	void countsServiceDaysOfTheTerm() {
		// 1 Sep 2026 – 15 Jan 2027: 20 weeks minus 1 day... count by brute force against the rule
		long weekdays = START.datesUntil(END.plusDays(1))
			.filter(d -> d.getDayOfWeek().getValue() <= 5)
			.count();
		assertThat(plain.serviceDayCount()).isEqualTo((int) weekdays);
		assertThat(plain.serviceDays()).first().isEqualTo(START);
		assertThat(plain.serviceDays()).last().isEqualTo(END);
	}

	@Test
	void nationalDayWeekWithSwappedWorkingDays() {
		// 国庆: 1–7 Oct 2026 off (Thu 1 – Wed 7), worked Sunday 27 Sep (follows Wednesday) and Saturday 10 Oct
		// (follows Thursday)
		TermCalendar calendar = plain;
		for (LocalDate d = LocalDate.of(2026, 10, 1); !d.isAfter(LocalDate.of(2026, 10, 7)); d = d.plusDays(1)) {
			if (d.getDayOfWeek().getValue() <= 5) {
				calendar = calendar.with(CalendarDay.holiday(d, "国庆节"));
			}
		}
		calendar = calendar.with(CalendarDay.swapped(LocalDate.of(2026, 9, 27), DayOfWeek.WEDNESDAY, "国庆调休"))
			.with(CalendarDay.swapped(LocalDate.of(2026, 10, 10), DayOfWeek.THURSDAY, "国庆调休"));

		assertThat(calendar.isServiceDay(LocalDate.of(2026, 10, 1))).isFalse();
		assertThat(calendar.status(LocalDate.of(2026, 10, 2))).isEqualTo(DayStatus.HOLIDAY);
		assertThat(calendar.isServiceDay(LocalDate.of(2026, 9, 27))).isTrue();
		assertThat(calendar.timetableWeekday(LocalDate.of(2026, 9, 27))).contains(DayOfWeek.WEDNESDAY);
		assertThat(calendar.timetableWeekday(LocalDate.of(2026, 10, 10))).contains(DayOfWeek.THURSDAY);
		// five holidays off, two swapped days on
		assertThat(calendar.serviceDayCount()).isEqualTo(plain.serviceDayCount() - 5 + 2);
		assertThat(calendar.days()).hasSize(7).first().extracting(CalendarDay::date).isEqualTo(LocalDate.of(2026, 9, 27));
	}

	@Test
	void makeUpDayFollowsItsWeekdayAndNoServiceDayIsASchoolDayWithoutService() {
		LocalDate saturday = LocalDate.of(2026, 11, 14);
		LocalDate examDay = LocalDate.of(2026, 11, 12);
		TermCalendar calendar = plain.with(CalendarDay.makeUp(saturday, DayOfWeek.MONDAY, "期中补课"))
			.with(CalendarDay.noService(examDay, "期中考试"));
		assertThat(calendar.isServiceDay(saturday)).isTrue();
		assertThat(calendar.timetableWeekday(saturday)).contains(DayOfWeek.MONDAY);
		assertThat(calendar.isServiceDay(examDay)).isFalse();
		assertThat(calendar.isSchoolDay(examDay)).isTrue();
		assertThat(calendar.timetableWeekday(examDay)).contains(DayOfWeek.THURSDAY);
		assertThat(calendar.status(examDay)).isEqualTo(DayStatus.NO_SERVICE);
	}

	@Test
	void anExceptionReplacesTheOneOfTheSameDayAndCanBeRemoved() {
		LocalDate day = LocalDate.of(2026, 9, 10);
		TermCalendar calendar = plain.with(CalendarDay.holiday(day, null))
			.with(CalendarDay.noService(day, "教师节活动"));
		assertThat(calendar.days()).singleElement().extracting(CalendarDay::kind).isEqualTo(DayKind.NO_SERVICE);
		assertThat(calendar.without(day)).isEqualTo(plain);
		assertThat(plain.without(day)).isSameAs(plain);
	}

	@Test
	void serviceDaysBetweenIsClippedToTheTerm() {
		List<LocalDate> firstWeek = plain.serviceDaysBetween(LocalDate.of(2026, 8, 1), LocalDate.of(2026, 9, 6));
		assertThat(firstWeek).containsExactly(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 2),
				LocalDate.of(2026, 9, 3), LocalDate.of(2026, 9, 4));
	}

	@Test
	void refusesADayOutsideTheTerm() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> plain.with(CalendarDay.holiday(LocalDate.of(2027, 2, 1), null)))
			.withMessageContaining("outside the term");
	}

	@Test
	void refusesASwappedOrMakeUpDayOnAWeekday() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> plain.with(CalendarDay.swapped(LocalDate.of(2026, 9, 8), DayOfWeek.MONDAY, null)))
			.withMessageContaining("Saturday or Sunday");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> plain.with(CalendarDay.makeUp(LocalDate.of(2026, 9, 8), DayOfWeek.MONDAY, null)));
	}

	@Test
	void refusesAHolidayOrNoServiceDayOnAWeekend() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> plain.with(CalendarDay.holiday(LocalDate.of(2026, 9, 5), null)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> plain.with(CalendarDay.noService(LocalDate.of(2026, 9, 6), null)));
	}

	@Test
	void aSwappedDayMustFollowAWeekdayAndOthersFollowNone() {
		LocalDate saturday = LocalDate.of(2026, 9, 5);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CalendarDay(saturday, DayKind.SWAPPED_DAY, null, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CalendarDay.swapped(saturday, DayOfWeek.SUNDAY, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CalendarDay(LocalDate.of(2026, 9, 7), DayKind.HOLIDAY, DayOfWeek.MONDAY, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CalendarDay.holiday(LocalDate.of(2026, 9, 7), "x".repeat(101)));
	}

	@Test
	void refusesABackwardsOrOverlongTermAndDuplicateDays() {
		assertThatIllegalArgumentException().isThrownBy(() -> TermCalendar.of(END, START));
		assertThatIllegalArgumentException().isThrownBy(() -> TermCalendar.of(START, START));
		assertThatIllegalArgumentException().isThrownBy(() -> TermCalendar.of(START, START.plusYears(1).plusDays(1)));
		LocalDate day = LocalDate.of(2026, 9, 7);
		assertThatIllegalArgumentException().isThrownBy(() -> new TermCalendar(START, END,
				List.of(CalendarDay.holiday(day, null), CalendarDay.noService(day, null))));
	}

	@Test
	void newTermChecksItsFields() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NewTerm("秋季学期", "2026-2028", 1, START, END));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NewTerm("秋季学期", "2026-2027", 3, START, END));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NewTerm(" ", "2026-2027", 1, START, END));
		assertThat(new NewTerm(" 秋季学期 ", "2026-2027", 1, START, END).name()).isEqualTo("秋季学期");
	}

	@Test
	void termLifecycleRunsPlannedOpenClosed() {
		assertThat(TermStatus.PLANNED.canBecome(TermStatus.OPEN)).isTrue();
		assertThat(TermStatus.PLANNED.canBecome(TermStatus.CLOSED)).isTrue();
		assertThat(TermStatus.OPEN.canBecome(TermStatus.CLOSED)).isTrue();
		assertThat(TermStatus.OPEN.canBecome(TermStatus.PLANNED)).isFalse();
		assertThat(TermStatus.CLOSED.canBecome(TermStatus.OPEN)).isFalse();
		assertThat(TermStatus.CLOSED.calendarEditable()).isFalse();
	}
}
