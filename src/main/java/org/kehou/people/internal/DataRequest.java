package org.kehou.people.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A guardian's request to correct or delete a child's data. It is handled once: an OPEN request becomes DONE or
 * REJECTED with a response; a handled request cannot be handled again.
 */
public record DataRequest(long id, long studentId, String studentName, long schoolId, long guardianId,
		String guardianName, Kind kind, String details, Status status, @Nullable String response, Instant createdAt,
		@Nullable Instant handledAt) {

	public enum Kind {
		CORRECTION, DELETION
	}

	public enum Status {
		OPEN, DONE, REJECTED
	}

	/** Checks that this request may be closed with {@code outcome}; returns the outcome. */
	Status close(Status outcome, String responseText) {
		if (status != Status.OPEN) {
			throw new PeopleRuleViolation.Conflict("people.error.requestHandled");
		}
		if (outcome == Status.OPEN) {
			throw new PeopleRuleViolation("people.error.outcome");
		}
		if (outcome == Status.REJECTED && responseText.isBlank()) {
			throw new PeopleRuleViolation("people.error.rejectReason");
		}
		return outcome;
	}

	public boolean open() {
		return status == Status.OPEN;
	}
}
