package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A held session taught by external instructors had no check-in of {@code instructorIds} {@code minutes} after its
 * start: the school admin should know whether the instructor came. Raised at most once per session, whatever the
 * number of application nodes.
 */
public record CheckInMissing(long sessionId, long offeringId, long schoolId, LocalDate date, LocalTime starts,
		int minutes, List<Long> instructorIds) {

	public CheckInMissing {
		instructorIds = List.copyOf(instructorIds);
	}
}
