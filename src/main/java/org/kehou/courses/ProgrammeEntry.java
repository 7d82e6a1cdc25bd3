package org.kehou.courses;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CapInForce;
import org.kehou.providers.ProviderStatus;
import org.kehou.shared.Money;

/**
 * One course of a school's term programme with where it stands today: a course whose provider was suspended or
 * expelled, lost its town admission or was withdrawn stays listed (the school sees why) but cannot be offered.
 *
 * @param courseStatus the course's own status (APPROVED, WITHDRAWN …)
 * @param providerStatus null for the school's own course
 * @param availability {@link Selectability#SELECTABLE} when it may still be offered, otherwise why not
 */
public record ProgrammeEntry(long courseId, String name, String categoryCode, List<Integer> grades,
		@Nullable Long providerId, @Nullable String providerName, Money price, int lessonMinutes, int lessonsPerTerm,
		int minSize, int maxSize, @Nullable CapInForce cap, String courseStatus, @Nullable ProviderStatus providerStatus,
		Selectability availability, Instant addedAt) {

	public boolean ownCourse() {
		return providerId == null;
	}
}
