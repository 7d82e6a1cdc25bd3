package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;

/** The school moved a session: {@code sessionId} (now RESCHEDULED) is replaced by {@code newSessionId}. */
public record SessionRescheduled(long sessionId, long newSessionId, long offeringId, long schoolId,
		LocalDate fromDate, LocalTime fromStarts, LocalDate toDate, LocalTime toStarts, LocalTime toEnds) {
}
