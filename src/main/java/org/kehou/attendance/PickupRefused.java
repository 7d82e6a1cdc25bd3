package org.kehou.attendance;

/**
 * A pickup action the rules refuse (409): the {@link Reason} names why; its message key is
 * {@code pickup.refused.<REASON>}.
 */
public class PickupRefused extends IllegalStateException {

	public enum Reason {
		/** no such session, child, person or permission (or not the child's) */
		NOT_FOUND,
		/** the session is cancelled or moved */
		NOT_SCHEDULED,
		/** not the session's day */
		NOT_TODAY,
		/** the session has not started yet */
		NOT_STARTED,
		/** the child is not marked present or late in the session's roll call */
		NOT_PRESENT,
		/** the named person is neither a guardian of the child nor an active authorised person */
		UNAUTHORISED,
		/** going home alone without a valid permission signed by a guardian */
		NOT_PERMITTED_ALONE,
		/** the child was already released, to someone else */
		RELEASED_ALREADY,
		/** the child already has this many active authorised persons */
		TOO_MANY_PERSONS,
		/** the phone number is already an active authorised person of the child */
		PERSON_EXISTS,
		/** a valid go-home-alone permission exists already */
		SIGNED_ALREADY,
		/** there is no valid permission to revoke */
		NOT_SIGNED,
		/** only a guardian of the child may do this */
		NOT_A_GUARDIAN
	}

	private final Reason reason;

	public PickupRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "pickup.refused." + reason.name();
	}
}
