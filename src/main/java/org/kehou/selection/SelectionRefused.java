package org.kehou.selection;

/**
 * A selection rule refused a request (rounds, places, choices). The reason names a message
 * {@code places.refused.<REASON>} of {@code i18n/places.properties}; {@link Reason#status()} is the HTTP
 * status the API answers with.
 */
public class SelectionRefused extends RuntimeException {

	public enum Reason {
		/** A round's details are missing or inconsistent (400). */
		ROUND_INVALID(400),
		/** The days chosen for a basic care offering are not among its days (400). */
		DAYS_INVALID(400),
		/** Too many or repeated lottery choices (400). */
		CHOICES_INVALID(400),
		/** A manual placement or a removal needs a reason (400). */
		REASON_REQUIRED(400),
		/** The child is not of the offering's school (400). */
		OTHER_SCHOOL(400),
		/** Unknown round, offering or place (404). */
		NOT_FOUND(404),
		/** The term is closed (409). */
		TERM_CLOSED(409),
		/** Another round of the term overlaps this one's window (409). */
		ROUND_OVERLAP(409),
		/** The round is not open now (409). */
		ROUND_NOT_OPEN(409),
		/** No round of the right mode is open for the term now (409). */
		NO_OPEN_ROUND(409),
		/** The round has started, closed, been drawn or cancelled and cannot change like this (409). */
		ROUND_FIXED(409),
		/** The child's registration for the term is not done (409). */
		NOT_REGISTERED(409),
		/** The child's grade or class may not take the offering (409). */
		NOT_ELIGIBLE(409),
		/** The offering is not published or was cancelled (409). */
		OFFERING_NOT_OPEN(409),
		/** The offering's provider is no longer admitted (409). */
		PROVIDER_NOT_ADMITTED(409),
		/** An instructor of the offering may no longer teach (documents expired) (409). */
		INSTRUCTOR_NOT_ADMITTED(409),
		/** The child already holds or waits for the most offerings allowed (409). */
		MAX_REACHED(409),
		/** The offering's times overlap a place the child holds (409). */
		OVERLAP(409),
		/** No place is free (manual placement never waitlists) (409). */
		FULL(409),
		/** Places of this round can no longer be dropped (409). */
		DROP_CLOSED(409),
		/** The place is not in a state that allows this (409). */
		PLACE_STATE(409),
		/** The system is too busy to take the request now; retry (503). */
		BUSY(503);

		private final int status;

		Reason(int status) {
			this.status = status;
		}

		public int status() {
			return status;
		}

		public String messageKey() {
			return "places.refused." + name();
		}
	}

	private final Reason reason;

	public SelectionRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
