package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A child on the roll (no approved leave) was marked absent: the guardians should know at once. Raised once per
 * child and session when the mark becomes ABSENT (a correction back and forth raises it again). Ids only.
 */
public record ChildMarkedAbsent(long sessionId, long offeringId, long schoolId, long studentId, LocalDate date,
		LocalTime starts) {
}
