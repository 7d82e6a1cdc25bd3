package org.kehou.selection;

/**
 * Where a child's registration (报名) for a term stands. Only {@link #REGISTERED} counts as "registration done" for
 * the selection rounds.
 */
public enum RegistrationStatus {
	/** Waiting for the school's approval (only when the term's settings ask for it). */
	PENDING,
	/** Registered for the term's after-school service. */
	REGISTERED,
	/** The school declined, with a reason; the guardian may register again. */
	DECLINED,
	/** The guardian withdrew; the guardian may register again while registration is open. */
	WITHDRAWN;

	/** Whether the registration holds (or waits for) a place in the service. */
	public boolean active() {
		return this == PENDING || this == REGISTERED;
	}
}
