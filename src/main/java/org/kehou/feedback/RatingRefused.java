package org.kehou.feedback;

/**
 * A rating the rules refuse: {@link Reason#NOT_FOUND} (no such child or offering in the caller's reach: 404 like any
 * record out of scope), {@link Reason#NOT_A_GUARDIAN} (403), otherwise a conflict with the state of things (409):
 * the child holds no confirmed place in the offering, too few sessions have been held yet, or the term is closed.
 * Its message key is {@code rating.refused.<REASON>}.
 */
public class RatingRefused extends IllegalStateException {

	public enum Reason {
		NOT_FOUND, NOT_A_GUARDIAN, NOT_ATTENDING, TOO_EARLY, TERM_CLOSED
	}

	private final Reason reason;

	public RatingRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "rating.refused." + reason.name();
	}
}
