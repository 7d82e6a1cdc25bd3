package org.kehou.courses;

import org.jspecify.annotations.Nullable;

/** A course moved from one status to another (every transition of its review, after it is stored). */
public record CourseStatusChanged(long courseId, CourseAction action, CourseStatus from, CourseStatus to,
		@Nullable Long townId) {
}
