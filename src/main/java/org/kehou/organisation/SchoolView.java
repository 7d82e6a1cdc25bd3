package org.kehou.organisation;

import java.time.LocalTime;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Owner;

/**
 * A school as other modules see it.
 *
 * @param townId null for a city-direct school (市直属)
 * @param platformId the service platform serving the school, null until the city assigns one
 * @param serviceStarts start of the daily after-school window
 * @param serviceEnds its end
 */
public record SchoolView(long id, String code, String name, @Nullable Long townId, @Nullable String townName,
		boolean cityDirect, Stage stage, @Nullable String address, @Nullable Long platformId,
		@Nullable String platformName, LocalTime serviceStarts, LocalTime serviceEnds, boolean active) {

	/** Who owns the school's data, for scope checks. */
	public Owner owner() {
		return Owner.school(townId, id);
	}
}
