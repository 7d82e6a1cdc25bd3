package org.kehou.feedback;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a reviewer decides on an exit review: keep with rectification (保留并整改, a note and a deadline), suspend
 * (暂停: a town suspends the admission to its pool, the city suspends city-wide), expel (清退, the city only, through
 * the providers' exit path), or lift a town's own suspension (解除暂停).
 */
public enum ExitDecision {
	RECTIFY, SUSPEND, EXPEL, LIFT;

	/** What a town office may decide for its town. */
	public static final Set<ExitDecision> TOWN = EnumSet.of(RECTIFY, SUSPEND, LIFT);

	/** What the city decides (a city-wide suspension is lifted on the provider's page, by reinstating it). */
	public static final Set<ExitDecision> CITY = EnumSet.of(RECTIFY, SUSPEND, EXPEL);
}
