package org.kehou.billing;

/**
 * A settlement action the rules refuse; nothing changes. The {@link Reason} names why; its message key is
 * {@code settlement.refused.<REASON>}. The API answers 404 for {@code NOT_FOUND}, 400 for {@code REASON_REQUIRED}
 * and {@code OUTSIDE_TERM}, 409 for the others.
 */
public class SettlementRefused extends IllegalStateException {

	public enum Reason {
		/** No such statement, term or provider — or not the caller's to see or act on. */
		NOT_FOUND,
		/** The provider has no offering at that school in that term. */
		NO_OFFERINGS,
		/** The month lies outside the term. */
		OUTSIDE_TERM,
		/** The period has not ended yet (statements are submitted and approved after their last day). */
		PERIOD_NOT_OVER,
		/** Another live statement of the provider and school covers (part of) the period. */
		TAKEN,
		/** The statement is not in the state the action needs (e.g. approving one already approved). */
		WRONG_STATUS,
		/** The figures changed since the approver saw them (a late check-in or credit): look again. */
		CHANGED,
		/** Returning needs a reason of 1–200 characters. */
		REASON_REQUIRED
	}

	private final Reason reason;

	public SettlementRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	public String messageKey() {
		return "settlement.refused." + reason.name();
	}
}
