package org.kehou.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kehou.organisation.CalendarDay;
import org.kehou.organisation.TermCalendar;
import org.kehou.selection.Slot;

/** Session generation rules on a real term calendar, without a database. */
class SessionPlanTests {

	static final LocalDate MONDAY = LocalDate.of(2026, 9, 7);

	static final List<Slot> SLOTS = List.of(new Slot(1, LocalTime.of(15, 30), LocalTime.of(16, 30)),
			new Slot(3, LocalTime.of(16, 0), LocalTime.of(17, 0)), new Slot(5, LocalTime.of(15, 30), LocalTime.of(16, 30)));

	/** Four weeks: a Wednesday holiday, a Saturday 调休 following Monday, a Sunday 补课 following Wednesday, a Friday without service. */
	static TermCalendar calendar(LocalDate monday) {
		return TermCalendar.of(monday, monday.plusWeeks(4).minusDays(1))
			.with(CalendarDay.holiday(monday.plusDays(2), "节日"))
			.with(CalendarDay.swapped(monday.plusDays(5), DayOfWeek.MONDAY, "调休"))
			.with(CalendarDay.makeUp(monday.plusDays(13), DayOfWeek.WEDNESDAY, "补课"))
			.with(CalendarDay.noService(monday.plusDays(18), "考试"));
	}

	@Test
	void holidaysAndDaysWithoutServiceAreSkippedSwappedAndMakeUpDaysFollowTheirWeekday() {
		List<SessionPlan.Planned> plan = SessionPlan.of(calendar(MONDAY), SLOTS, MONDAY);
		assertThat(plan).extracting(p -> MONDAY.until(p.date()).getDays() + "/" + p.weekday())
			.containsExactly("0/1", "4/5", "5/1", "7/1", "9/3", "11/5", "13/3", "14/1", "16/3", "21/1", "23/3", "25/5");
		assertThat(plan.get(2).starts()).isEqualTo(LocalTime.of(15, 30)); // the 调休 Saturday meets Monday's slot
		assertThat(plan.get(6).starts()).isEqualTo(LocalTime.of(16, 0)); // the 补课 Sunday meets Wednesday's slot
	}

	@Test
	void planStartsFromTheGivenDay() {
		assertThat(SessionPlan.of(calendar(MONDAY), SLOTS, MONDAY.plusDays(20))).hasSize(3);
		assertThat(SessionPlan.of(calendar(MONDAY), List.of(), MONDAY)).isEmpty();
	}
}
