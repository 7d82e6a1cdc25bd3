package org.kehou.courses;

/**
 * A change to a term programme that the rules do not allow (409 in the API); {@link #reason()} names the rule, its
 * message key is {@code programme.refused.<REASON>}.
 */
public class ProgrammeRefused extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public enum Reason {
		ALREADY_IN_PROGRAMME, TERM_CLOSED, HAS_OFFERINGS, COURSE_NOT_APPROVED, OTHER_SCHOOLS_COURSE, COURSE_NOT_APPROVED_IN_TOWN,
		PROVIDER_SUSPENDED, PROVIDER_EXPELLED, PROVIDER_NOT_ADMITTED, PRICE_ABOVE_CAP;

		static Reason of(Selectability s) {
			return valueOf(s.name());
		}
	}

	private final Reason reason;

	public ProgrammeRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
