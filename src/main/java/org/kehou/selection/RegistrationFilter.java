package org.kehou.selection;

import org.jspecify.annotations.Nullable;

/**
 * Filters of a term's registration list; null = any.
 *
 * @param status a {@link RegistrationStatus} name, or {@code NONE} for students not registered at all
 */
public record RegistrationFilter(@Nullable String status, @Nullable Long gradeId, @Nullable Long classId) {

	public static final String NONE = "NONE";

	public static final RegistrationFilter ALL = new RegistrationFilter(null, null, null);

	public RegistrationFilter {
		if (status != null && status.isBlank()) {
			status = null;
		}
		if (status != null && !NONE.equals(status)) {
			RegistrationStatus.valueOf(status); // IllegalArgumentException for an unknown status
		}
	}
}
