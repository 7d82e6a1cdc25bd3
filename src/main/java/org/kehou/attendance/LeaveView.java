package org.kehou.attendance;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A leave request (请假) with the sessions it covers. */
public record LeaveView(long id, long studentId, String studentName, long schoolId, LeaveStatus status, String reason,
		Instant requestedAt, @Nullable Instant decidedAt, @Nullable String decisionNote, List<SessionView> sessions) {
}
