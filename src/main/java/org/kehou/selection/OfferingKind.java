package org.kehou.selection;

/** A course class (课程班) or basic care (托管), taken from the course's category kind. */
public enum OfferingKind {
	COURSE, BASIC_CARE
}
