package org.kehou.attendance;

/**
 * An inspection the rules refuse: {@link Reason#NOT_FOUND} (no such session or visit, or not the inspector's school:
 * 404 like any record out of scope), otherwise a conflict with the session's state (409). Its message key is
 * {@code inspection.refused.<REASON>}.
 */
public class InspectionRefused extends IllegalStateException {

	public enum Reason {
		NOT_FOUND, NOT_AN_INSPECTOR, NOT_SCHEDULED, NOT_TODAY
	}

	private final Reason reason;

	public InspectionRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "inspection.refused." + reason.name();
	}
}
