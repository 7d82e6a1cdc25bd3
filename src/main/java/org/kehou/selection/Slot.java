package org.kehou.selection;

import java.time.DayOfWeek;
import java.time.LocalTime;

/**
 * One weekly meeting of an offering: a weekday (1 = Monday … 5 = Friday) and a time of day. The term calendar decides
 * on which dates it happens (holidays, swapped days) when sessions are generated.
 */
public record Slot(int weekday, LocalTime starts, LocalTime ends) implements Comparable<Slot> {

	public boolean overlaps(Slot other) {
		return weekday == other.weekday && starts.isBefore(other.ends) && other.starts.isBefore(ends);
	}

	public DayOfWeek dayOfWeek() {
		return DayOfWeek.of(weekday);
	}

	@Override
	public int compareTo(Slot o) {
		int byDay = Integer.compare(weekday, o.weekday);
		return byDay != 0 ? byDay : starts.compareTo(o.starts);
	}

	@Override
	public String toString() {
		return weekday + " " + starts + "-" + ends;
	}
}
