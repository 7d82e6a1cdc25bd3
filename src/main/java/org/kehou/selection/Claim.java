package org.kehou.selection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One request for a place, already checked against the rules that do not race (round open, grade, provider
 * admitted); {@link PlaceClaims} applies the ones that do (registration, per-child maximum, overlap, capacity)
 * under locks and constraints.
 *
 * @param days basic care: the chosen weekdays; {@code null} = all
 * @param waitlist join the waitlist when no seat is free (first-come); otherwise refuse FULL (manual placement)
 */
record Claim(long studentId, long offeringId, long termId, @Nullable Long roundId, PlaceSource source,
		@Nullable String requestKey, @Nullable List<Integer> days, List<Slot> slots, int maxPerChild,
		boolean waitlist, @Nullable Long actor) {

	/** The outcome: a place (new or the one a retry or a double tap already made) or a refusal. */
	sealed interface Result permits Placed, Refused {
	}

	/** @param position 1-based waitlist position when WAITLISTED (0 when unknown: ask {@code Places}) */
	record Placed(long placeId, PlaceStatus status, boolean created, int position) implements Result {

		Placed(long placeId, PlaceStatus status, boolean created) {
			this(placeId, status, created, 0);
		}
	}

	record Refused(SelectionRefused.Reason reason) implements Result {
	}

	@Nullable
	String daysLiteral() {
		if (days == null) {
			return null;
		}
		StringBuilder s = new StringBuilder("{");
		for (int i = 0; i < days.size(); i++) {
			s.append(i == 0 ? "" : ",").append(days.get(i));
		}
		return s.append('}').toString();
	}

	/** The slots this claim would keep the child busy (the chosen days only). */
	List<Slot> busy() {
		if (days == null) {
			return slots;
		}
		return slots.stream().filter(s -> days.contains(s.weekday())).toList();
	}
}
