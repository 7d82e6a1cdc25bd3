package org.kehou.courses;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/** One row of a course list. {@code towns}: the pools it was submitted to (a school course: its school's town). */
public record CourseSummary(long id, String name, String categoryCode, String ownerName, boolean ofSchool,
		CourseStatus status, Money price, int lessonMinutes, @Nullable String towns, Instant updatedAt) {
}
