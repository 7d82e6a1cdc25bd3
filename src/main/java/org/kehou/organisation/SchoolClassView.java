package org.kehou.organisation;

import org.jspecify.annotations.Nullable;

/**
 * A class (班级) of a school.
 *
 * @param name e.g. 1班
 * @param homeroomStaffId the homeroom teacher (班主任), a staff id of the people module
 */
public record SchoolClassView(long id, long schoolId, long gradeId, int gradeLevel, String gradeName, String name,
		@Nullable Long homeroomStaffId) {

	/** e.g. 三年级2班 */
	public String displayName() {
		return gradeName + name;
	}
}
