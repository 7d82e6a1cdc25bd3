package org.kehou.selection;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/** What an offering takes from its course: read from {@code courses} when the offering is created or changed. */
public record CourseFacts(long id, @Nullable Long providerId, String name, String categoryCode, OfferingKind kind,
		List<Integer> grades, int minSize, int maxSize, Money price, int lessonMinutes, int lessonsPerTerm) {
}
