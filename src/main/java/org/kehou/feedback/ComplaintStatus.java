package org.kehou.feedback;

/** Where a complaint stands: filed (OPEN), taken on (ACCEPTED), answered (RESPONDED), closed (RESOLVED). */
public enum ComplaintStatus {
	OPEN, ACCEPTED, RESPONDED, RESOLVED
}
