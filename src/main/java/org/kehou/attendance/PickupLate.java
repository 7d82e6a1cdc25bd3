package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A child marked present (or late) in a session was not released (picked up, or gone home alone) {@code minutes}
 * after the session's end. Raised once per session and child.
 */
public record PickupLate(long sessionId, long offeringId, long schoolId, long studentId, LocalDate date,
		LocalTime ends, int minutes) {
}
