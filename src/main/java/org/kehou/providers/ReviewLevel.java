package org.kehou.providers;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who decides on an application to a town's pool ({@code kehou.providers.review}): the town office ({@code TOWN},
 * the default), the city office for every town ({@code CITY}), or the town office with the city's confirmation
 * ({@code TOWN_THEN_CITY}: a town's approval is {@link AdmissionStatus#TOWN_APPROVED} until the city confirms it).
 */
public enum ReviewLevel {
	TOWN, CITY, TOWN_THEN_CITY;

	/** Who takes a decision. */
	public enum Decider {
		TOWN, CITY
	}

	/** Who makes the first decision on an application (or an annual review's resubmission). */
	public Decider firstDecider() {
		return this == CITY ? Decider.CITY : Decider.TOWN;
	}

	/** The admission decisions a town office or the city may take at this level. */
	public Set<ReviewAction> actionsOf(Decider decider) {
		return switch (this) {
			case TOWN -> decider == Decider.TOWN ? EnumSet.of(ReviewAction.APPROVE, ReviewAction.REJECT,
					ReviewAction.RETURN) : EnumSet.noneOf(ReviewAction.class);
			case CITY -> decider == Decider.CITY ? EnumSet.of(ReviewAction.APPROVE, ReviewAction.REJECT,
					ReviewAction.RETURN) : EnumSet.noneOf(ReviewAction.class);
			case TOWN_THEN_CITY -> decider == Decider.TOWN
					? EnumSet.of(ReviewAction.APPROVE, ReviewAction.REJECT, ReviewAction.RETURN)
					: EnumSet.of(ReviewAction.CONFIRM, ReviewAction.REJECT, ReviewAction.RETURN);
		};
	}
}
