package org.kehou.attendance;

import java.util.List;

/**
 * A child's leave was approved — by a teacher, or at once where the school needs no approval — for these sessions
 * (published in the transaction that approved it). Billing credits the sessions when the school refunds leave.
 */
public record LeaveGranted(long leaveId, long studentId, long schoolId, List<Long> sessionIds) {

	public LeaveGranted {
		sessionIds = List.copyOf(sessionIds);
	}
}
