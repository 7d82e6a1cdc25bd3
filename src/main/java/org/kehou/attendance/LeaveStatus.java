package org.kehou.attendance;

/** A leave request's state: PENDING until a teacher decides (schools that want it), otherwise APPROVED at once. */
public enum LeaveStatus {
	PENDING, APPROVED, REJECTED
}
