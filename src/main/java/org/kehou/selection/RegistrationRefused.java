package org.kehou.selection;

/**
 * A registration rule refused a request. The reason names a message {@code registration.refused.<REASON>} of
 * {@code i18n/registration.properties}; {@link Reason#status()} is the HTTP status the API answers with.
 */
public class RegistrationRefused extends RuntimeException {

	public enum Reason {
		/** The term belongs to another school than the child's (400). */
		TERM_OF_ANOTHER_SCHOOL(400),
		/** The guardian did not confirm that participation is voluntary and what it includes (400). */
		NOT_CONFIRMED(400),
		/** A decline needs a reason (400). */
		REASON_REQUIRED(400),
		/** The registration window's dates are in the wrong order (400). */
		WINDOW_ORDER(400),
		/** The child's data may not be used: no accepted privacy notice (409). */
		NO_CONSENT(409),
		/** The child has left the school (409). */
		STUDENT_LEFT(409),
		/** The term is closed (409). */
		TERM_CLOSED(409),
		/** Registration has not opened yet or has closed for this term (409). */
		WINDOW_CLOSED(409),
		/** There is no registration to withdraw (409). */
		NOT_REGISTERED(409),
		/** Unknown term (404). */
		UNKNOWN_TERM(404);

		private final int status;

		Reason(int status) {
			this.status = status;
		}

		public int status() {
			return status;
		}

		/** The message key explaining this reason. */
		public String messageKey() {
			return "registration.refused." + name();
		}
	}

	private final Reason reason;

	public RegistrationRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
