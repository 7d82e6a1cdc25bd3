package org.kehou.selection;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A child's place in an offering as pages and the API show it.
 *
 * @param position 1-based position in the offering's waitlist; 0 unless WAITLISTED
 * @param days basic care with choosable days: the family's weekdays; empty = all the offering's days
 */
public record PlaceView(long id, long offeringId, String offeringName, long studentId, String studentName,
		long termId, @Nullable Long roundId, PlaceStatus status, PlaceSource source, List<Integer> days,
		Instant queuedAt, @Nullable Instant offerExpiresAt, @Nullable Instant confirmedAt, @Nullable Instant endedAt,
		@Nullable String endReason, int position) {
}
