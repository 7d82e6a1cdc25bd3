package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A held session's roll had not been taken {@code minutes} after its start: the school admin should know. Raised at
 * most once per session, whatever the number of application nodes.
 */
public record RollCallOverdue(long sessionId, long offeringId, long schoolId, LocalDate date, LocalTime starts,
		int minutes) {
}
