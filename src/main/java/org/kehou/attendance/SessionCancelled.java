package org.kehou.attendance;

import java.time.LocalDate;
import java.time.LocalTime;

/** The school cancelled one session (the guardians of the enrolled children should know); it is not charged. */
public record SessionCancelled(long sessionId, long offeringId, long schoolId, LocalDate date, LocalTime starts,
		String reason) {
}
