package org.kehou.courses;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/**
 * What a provider or a school says about a course (already validated by the web layer).
 *
 * @param grades target grade levels 1..9
 * @param price per lesson of {@code lessonMinutes}
 * @param materials the materials fee per term (no cap, but shown)
 * @param notAcademic the explicit declaration that the course is no curriculum teaching or group tutoring
 */
public record CourseDetails(String name, String categoryCode, @Nullable String description, List<Integer> grades,
		int lessonMinutes, int lessonsPerTerm, Money price, Money materials, int minSize, int maxSize,
		boolean notAcademic) {

	public CourseDetails {
		grades = List.copyOf(grades);
	}

	/** The same course at another price (the only change allowed to an approved course: a lower price). */
	CourseDetails withPrice(Money other) {
		return new CourseDetails(name, categoryCode, description, grades, lessonMinutes, lessonsPerTerm, other,
				materials, minSize, maxSize, notAcademic);
	}
}
