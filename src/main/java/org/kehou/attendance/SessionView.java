package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;

import org.jspecify.annotations.Nullable;

/**
 * A session as pages and the API show it.
 *
 * @param rolled whether a roll call has been saved
 */
public record SessionView(long id, long offeringId, String offeringName, String venue, long termId, long schoolId,
		LocalDate date, LocalTime starts, LocalTime ends, int timetableWeekday, SessionStatus status,
		@Nullable String reason, @Nullable Long rescheduledFrom, boolean rolled) {
}
