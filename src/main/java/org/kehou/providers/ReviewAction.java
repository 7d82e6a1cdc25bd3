package org.kehou.providers;

import java.util.EnumSet;
import java.util.Set;

/** The transitions of a provider's application, as recorded in its review history. */
public enum ReviewAction {
	SUBMIT, APPROVE, REJECT, RETURN, SUSPEND, EXPEL,
	/** the city lifts a suspension (only with a valid licence and permit) */
	REINSTATE,
	/** the city confirms a town's approval ({@link ReviewLevel#TOWN_THEN_CITY}) */
	CONFIRM,
	/** the annual review (年度复核) was opened for the provider's admissions */
	ANNUAL_REVIEW,
	/** a town office suspends the provider's admission to its own pool (e.g. after an exit review) */
	TOWN_SUSPEND,
	/** a town office lifts its own suspension of the provider's admission */
	TOWN_LIFT;

	/** Decisions on an application to a town's pool (by the town, the city or both, see {@link ReviewLevel}). */
	public static final Set<ReviewAction> ADMISSION = EnumSet.of(APPROVE, REJECT, RETURN, CONFIRM);

	/** What a town office may decide about an application to its pool. */
	public static final Set<ReviewAction> TOWN = EnumSet.of(APPROVE, REJECT, RETURN);

	/** What the city decides city-wide. */
	public static final Set<ReviewAction> CITY = EnumSet.of(SUSPEND, EXPEL, REINSTATE);

	/** Everything but a submission, an approval and the opening of the annual review needs a reason. */
	public boolean needsReason() {
		return this != SUBMIT && this != APPROVE && this != CONFIRM && this != ANNUAL_REVIEW;
	}
}
