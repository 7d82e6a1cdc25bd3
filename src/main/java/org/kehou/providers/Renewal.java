package org.kehou.providers;

/**
 * Where an admitted town's annual review (年度复核) stands. While it runs the admission stays {@code APPROVED}
 * until its {@code valid_until}; a re-approval moves {@code valid_until} to the next 31 August.
 */
public enum Renewal {
	/** opened: the provider confirms or updates its application and resubmits */
	OPEN,
	/** resubmitted: awaiting the first decision */
	SUBMITTED,
	/** approved by the town, awaiting the city's confirmation ({@link ReviewLevel#TOWN_THEN_CITY}) */
	TOWN_APPROVED
}
