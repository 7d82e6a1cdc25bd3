package org.kehou.organisation;

import org.jspecify.annotations.Nullable;

/**
 * A town or street (镇街) of the city.
 *
 * @param kind {@code TOWN} (镇) or {@code STREET} (街道)
 * @param platformId the service platform the town's office runs, if known
 * @param schoolCount active schools in the town
 */
public record TownView(long id, String code, String name, String kind, @Nullable Long platformId,
		@Nullable String platformName, int schoolCount) {
}
