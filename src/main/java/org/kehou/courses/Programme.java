package org.kehou.courses;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A school's programme for a term (课程遴选): the courses picked so far.
 *
 * @param townId the school's town, null for a city-direct school
 * @param closed the term is closed: the programme can no longer change
 */
public record Programme(long termId, String termName, long schoolId, String schoolName, @Nullable Long townId,
		boolean closed, List<ProgrammeEntry> entries) {

	/** Entries that can no longer be offered (provider suspended or expelled, course withdrawn …). */
	public long unavailable() {
		return entries.stream().filter(e -> !e.availability().selectable()).count();
	}
}
