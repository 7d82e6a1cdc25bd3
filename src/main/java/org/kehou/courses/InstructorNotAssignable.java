package org.kehou.courses;

import java.util.List;

import org.kehou.providers.Assignability;

/** An instructor who may not be assigned today (409); the message lists the reasons in the caller's language. */
public class InstructorNotAssignable extends IllegalStateException {

	private final List<Assignability.Reason> reasons;

	InstructorNotAssignable(String message, List<Assignability.Reason> reasons) {
		super(message);
		this.reasons = List.copyOf(reasons);
	}

	public List<Assignability.Reason> reasons() {
		return reasons;
	}
}
