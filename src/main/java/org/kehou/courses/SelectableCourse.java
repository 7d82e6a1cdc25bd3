package org.kehou.courses;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.shared.Money;

/**
 * A course a school may put in its term programme, as the selectable list shows it.
 *
 * @param providerId null for the school's own course
 * @param price per lesson of {@code lessonMinutes}
 * @param cap the fee cap in force for the school's town for such a lesson (null when the city set none)
 * @param inProgramme already in the term's programme
 */
public record SelectableCourse(long id, String name, String categoryCode, List<Integer> grades,
		@Nullable Long providerId, @Nullable String providerName, Money price, int lessonMinutes, int lessonsPerTerm,
		int minSize, int maxSize, @Nullable CapInForce cap, boolean inProgramme) {

	public boolean ownCourse() {
		return providerId == null;
	}

	/** Priced above the cap in force at the school (a cap lowered after the approval): it cannot be picked. */
	public boolean aboveCap() {
		return cap != null && price.isGreaterThan(cap.amount());
	}
}
