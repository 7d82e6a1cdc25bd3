package org.kehou.organisation;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A service platform ("N") and the schools it serves.
 */
public record PlatformView(long id, String code, String name, @Nullable String vendor, @Nullable String baseUrl,
		List<ServedSchool> schools) {

	/** A school the platform serves. */
	public record ServedSchool(long id, String code, String name, @Nullable String townName, boolean cityDirect) {
	}
}
