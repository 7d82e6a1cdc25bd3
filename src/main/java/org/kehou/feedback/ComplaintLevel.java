package org.kehou.feedback;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Role;

/** Who handles a complaint: the school, then the town, then the city. */
public enum ComplaintLevel {
	SCHOOL, TOWN, CITY;

	/** The level an admin role handles; null for other roles. */
	public static @Nullable ComplaintLevel of(Role role) {
		return switch (role) {
			case SCHOOL_ADMIN -> SCHOOL;
			case TOWN_ADMIN -> TOWN;
			case CITY_ADMIN -> CITY;
			default -> null;
		};
	}

	/** The next level up; a school without town (city-direct) goes straight to the city. Null above the city. */
	public @Nullable ComplaintLevel next(boolean hasTown) {
		return switch (this) {
			case SCHOOL -> hasTown ? TOWN : CITY;
			case TOWN -> CITY;
			case CITY -> null;
		};
	}
}
