package org.kehou.identity;

import org.jspecify.annotations.Nullable;

/**
 * The part of the city a user may see and change: the city (all), one town, one school, a guardian's own
 * children, or a provider's own data. Queries filter with the anchor ids ({@code null} = no restriction at that
 * level); single records are checked with {@link #covers(Owner)}.
 */
public record Scope(Role role, @Nullable Long townId, @Nullable Long schoolId, @Nullable Long guardianId,
		@Nullable Long providerId) implements java.io.Serializable {

	public boolean isCity() {
		return role == Role.CITY_ADMIN;
	}

	public boolean covers(Owner owner) {
		return switch (role) {
			case CITY_ADMIN -> true;
			case TOWN_ADMIN -> owner.townIds().contains(townId);
			case SCHOOL_ADMIN, TEACHER, INSPECTOR -> owner.schoolIds().contains(schoolId);
			case GUARDIAN -> owner.guardianIds().contains(guardianId);
			case PROVIDER_ADMIN, INSTRUCTOR -> owner.providerIds().contains(providerId);
		};
	}

	/** Whether this scope reaches school-wide data (rosters, classes); guardians and providers do not. */
	public boolean seesSchools() {
		return switch (role) {
			case CITY_ADMIN, TOWN_ADMIN, SCHOOL_ADMIN, TEACHER, INSPECTOR -> true;
			default -> false;
		};
	}
}
