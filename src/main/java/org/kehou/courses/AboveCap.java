package org.kehou.courses;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.shared.Money;

/**
 * A course whose price per lesson is above the cap in force in a town where it is admitted or pending (a school
 * course: its school's town; {@code townId} null for a city-direct school).
 */
public record AboveCap(long courseId, String courseName, String ownerName, @Nullable Long townId,
		@Nullable String townName, Money price, CapInForce cap) {
}
