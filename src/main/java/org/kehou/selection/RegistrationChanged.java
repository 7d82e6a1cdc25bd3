package org.kehou.selection;

/**
 * A registration changed; published to listeners after the change commits (Modulith's event publication registry).
 *
 * @param change what happened
 * @param status the registration's status afterwards
 */
public record RegistrationChanged(long registrationId, long studentId, long termId, long schoolId, Change change,
		RegistrationStatus status) {

	public enum Change {
		/** A guardian registered the child (REGISTERED at once, or PENDING when the school approves). */
		REGISTERED,
		/** The guardian withdrew. */
		WITHDRAWN,
		/** The school approved a pending registration. */
		APPROVED,
		/** The school declined a pending registration, with a reason. */
		DECLINED
	}
}
