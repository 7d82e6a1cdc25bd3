package org.kehou.selection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a school says about an offering (the course is chosen when it is created and never changes).
 *
 * @param name null or blank: the course's name
 * @param minCapacity the fewest children for the offering to run
 * @param capacity the most places, at most the course's class size
 * @param grades eligible grade levels (1..9), among the course's
 * @param classIds basic care only: the classes it is for (empty: every class of the grades)
 * @param daysChoosable basic care only: a family may choose some of its weekdays
 */
public record OfferingDetails(@Nullable String name, String venue, int minCapacity, int capacity, List<Integer> grades,
		List<Long> classIds, boolean daysChoosable, List<Slot> slots, List<TeacherRef> teachers) {

	public OfferingDetails {
		grades = List.copyOf(grades);
		classIds = List.copyOf(classIds);
		slots = List.copyOf(slots);
		teachers = List.copyOf(teachers);
	}
}
