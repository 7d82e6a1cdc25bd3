package org.kehou.courses;

/** Where a course stands. A school's own course is {@code APPROVED} as soon as it is saved within the cap. */
public enum CourseStatus {
	DRAFT, SUBMITTED, RETURNED, APPROVED, REJECTED, WITHDRAWN;

	/** A provider may change its course (and submit it) only while drafting or correcting it. */
	public boolean editable() {
		return this == DRAFT || this == RETURNED;
	}
}
