package org.kehou.selection;

import org.jspecify.annotations.Nullable;

/**
 * A teacher named for an offering: a provider's instructor or a school's staff member (exactly one of the two).
 */
public record TeacherRef(@Nullable Long instructorId, @Nullable Long staffId) {

	public static TeacherRef instructor(long id) {
		return new TeacherRef(id, null);
	}

	public static TeacherRef staff(long id) {
		return new TeacherRef(null, id);
	}

	public boolean valid() {
		return (instructorId == null) != (staffId == null);
	}

	/** The key the database's conflict constraint compares: {@code I<id>} or {@code S<id>}. */
	public String key() {
		return instructorId != null ? "I" + instructorId : "S" + staffId;
	}
}
