package org.kehou.people;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A student as other modules and pages see it: the ID number only masked.
 *
 * @param gender {@code M} or {@code F}
 * @param status {@code ACTIVE} or {@code LEFT}
 */
public record StudentView(long id, long schoolId, String schoolName, long gradeId, int gradeLevel, String gradeName,
		long classId, String className, String studentNo, String name, String gender,
		@Nullable String idNumberMasked, String status, List<Hardship> hardships) {

	public record Hardship(HardshipCategory category, EvidenceStatus evidenceStatus) {
	}

	public boolean active() {
		return "ACTIVE".equals(status);
	}

	/** Categories whose evidence the school approved (what fee exemptions may rely on). */
	public List<HardshipCategory> approvedHardships() {
		return hardships.stream()
			.filter(h -> h.evidenceStatus() == EvidenceStatus.APPROVED)
			.map(Hardship::category)
			.toList();
	}
}
