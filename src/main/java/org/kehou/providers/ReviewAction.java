package org.kehou.providers;

import java.util.EnumSet;
import java.util.Set;

/** The transitions of a provider's application, as recorded in its review history. */
public enum ReviewAction {
	SUBMIT, APPROVE, REJECT, RETURN, SUSPEND, EXPEL;

	/** What a town office decides about an application to its pool. */
	public static final Set<ReviewAction> TOWN = EnumSet.of(APPROVE, REJECT, RETURN);

	/** What the city decides city-wide. */
	public static final Set<ReviewAction> CITY = EnumSet.of(SUSPEND, EXPEL);

	/** Everything but an approval needs a reason the provider can read. */
	public boolean needsReason() {
		return this != SUBMIT && this != APPROVE;
	}
}
