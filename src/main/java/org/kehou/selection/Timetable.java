package org.kehou.selection;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weekly timetable rules of an offering, in one place (pure, no database):
 * <ul>
 * <li>at least one slot; school days only: weekday 1 (Monday) … 5 (Friday);</li>
 * <li>each slot ends after it starts and lies inside the school's daily service window;</li>
 * <li>no two slots of the offering overlap (or repeat) on the same weekday;</li>
 * <li>5+2 (at least two hours a day, ending no earlier than parents' off-work time): the window belongs to the
 * school, so for an offering it means its latest slot of a day never ends after the window; and a basic care
 * (托管) offering, which is what keeps children until their parents come, must last until the off-work time on
 * every one of its days (its latest slot that day ends at or after it). A school whose window ends before the
 * off-work time cannot offer basic care until it widens the window.</li>
 * </ul>
 */
public final class Timetable {

	private Timetable() {
	}

	/** The slots sorted by weekday and start, after checking them; {@link OfferingInvalid} on field {@code slots}. */
	public static List<Slot> check(OfferingKind kind, List<Slot> slots, ServiceWindow window) {
		if (slots.isEmpty()) {
			throw new OfferingInvalid("slots", "slotsEmpty");
		}
		List<Slot> sorted = new ArrayList<>(slots);
		sorted.sort(null);
		for (Slot s : sorted) {
			if (s.weekday() < 1 || s.weekday() > 5) {
				throw new OfferingInvalid("slots", "weekday", s.weekday());
			}
			if (!s.ends().isAfter(s.starts())) {
				throw new OfferingInvalid("slots", "endBeforeStart", s.starts(), s.ends());
			}
			if (s.starts().isBefore(window.starts()) || s.ends().isAfter(window.ends())) {
				throw new OfferingInvalid("slots", "outsideWindow", s.starts(), s.ends(), window.starts(), window.ends());
			}
		}
		for (int i = 1; i < sorted.size(); i++) {
			if (sorted.get(i - 1).overlaps(sorted.get(i))) {
				throw new OfferingInvalid("slots", "overlap", sorted.get(i).weekday(), sorted.get(i - 1).starts(),
						sorted.get(i).starts());
			}
		}
		if (kind == OfferingKind.BASIC_CARE) {
			if (window.ends().isBefore(window.offWork())) {
				throw new OfferingInvalid("slots", "windowEndsBeforeOffWork", window.ends(), window.offWork());
			}
			Map<Integer, LocalTime> latestEnd = new TreeMap<>();
			for (Slot s : sorted) {
				latestEnd.merge(s.weekday(), s.ends(), (a, b) -> a.isAfter(b) ? a : b);
			}
			latestEnd.forEach((weekday, end) -> {
				if (end.isBefore(window.offWork())) {
					throw new OfferingInvalid("slots", "basicCareBeforeOffWork", weekday, end, window.offWork());
				}
			});
		}
		return List.copyOf(sorted);
	}
}
