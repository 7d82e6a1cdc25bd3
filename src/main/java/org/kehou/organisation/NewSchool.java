package org.kehou.organisation;

import org.jspecify.annotations.Nullable;

/**
 * What it takes to register a school.
 *
 * @param townId null for a city-direct school (市直属)
 */
public record NewSchool(String code, String name, @Nullable Long townId, Stage stage, @Nullable String address) {
}
