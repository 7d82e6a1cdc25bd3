package org.kehou.courses;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * Filters of the selectable-course list; {@code null} = no restriction.
 *
 * @param category a course category code (e.g. ARTS)
 * @param grade a grade level 1..9 the course must be open to
 * @param maxPrice the highest price per lesson
 * @param providerId one provider's courses only
 * @param q text contained in the course's name (case-insensitive)
 */
public record CourseFilter(@Nullable String category, @Nullable Integer grade, @Nullable Money maxPrice,
		@Nullable Long providerId, @Nullable String q) {

	public static final CourseFilter NONE = new CourseFilter(null, null, null, null, null);

	public CourseFilter {
		category = category == null || category.isBlank() ? null : category.strip();
		q = q == null || q.isBlank() ? null : q.strip();
		if (grade != null && (grade < 1 || grade > 9)) {
			throw new IllegalArgumentException("grade must be 1..9: " + grade);
		}
		if (maxPrice != null && maxPrice.isNegative()) {
			throw new IllegalArgumentException("the maximum price cannot be negative");
		}
	}
}
