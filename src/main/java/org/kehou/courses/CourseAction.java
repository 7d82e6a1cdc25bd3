package org.kehou.courses;

import java.util.EnumSet;
import java.util.Set;

/** The transitions of a course, as recorded in its review history. */
public enum CourseAction {
	SUBMIT, APPROVE, REJECT, RETURN, WITHDRAW, REPRICE;

	/** What a town office decides about a course submitted to its pool. */
	public static final Set<CourseAction> TOWN = EnumSet.of(APPROVE, REJECT, RETURN);

	/** A rejection or a return needs a reason the provider can read. */
	public boolean needsReason() {
		return this == REJECT || this == RETURN;
	}
}
