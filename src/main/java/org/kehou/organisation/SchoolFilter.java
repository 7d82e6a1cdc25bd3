package org.kehou.organisation;

import org.jspecify.annotations.Nullable;

/**
 * Filters of the school list; null means no filter.
 *
 * @param townId only schools of this town
 * @param name part of the school's name or code
 * @param cityDirect only city-direct schools (true) or only town schools (false)
 */
public record SchoolFilter(@Nullable Long townId, @Nullable String name, @Nullable Boolean cityDirect) {

	public static final SchoolFilter NONE = new SchoolFilter(null, null, null);

	public SchoolFilter {
		if (name != null) {
			name = name.strip();
			if (name.isEmpty()) {
				name = null;
			}
		}
	}
}
