package org.kehou.supervision;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An inspection task (督导任务) as the pages show it. {@code status}: OPEN → IN_PROGRESS → RECTIFYING → CLOSED.
 */
public record InspectionTaskView(long id, String title, String subjectKind, @Nullable Long schoolId,
		@Nullable String schoolName, @Nullable String providerCode, @Nullable Long townId, @Nullable String townName,
		@Nullable Long alertId, @Nullable String alertRule, @Nullable String instructions, LocalDate dueOn,
		String status, String createdBy, OffsetDateTime createdAt, @Nullable String findings,
		@Nullable LocalDate rectifyBy, @Nullable String closingNote, @Nullable String closedBy,
		@Nullable OffsetDateTime closedAt, List<Assignee> assignees) {

	/** A responsible inspector. */
	public record Assignee(long userId, String name) {
	}

	/** What the task is about, for a list: the school's name or the provider's code. */
	public String subject() {
		return schoolName != null ? schoolName : providerCode != null ? providerCode : "—";
	}

	public boolean closed() {
		return "CLOSED".equals(status);
	}

	public boolean assignedTo(long userId) {
		return assignees.stream().anyMatch(a -> a.userId() == userId);
	}

	public String assigneeNames() {
		return String.join("、", assignees.stream().map(Assignee::name).toList());
	}

	/** Past its due date (or its rectification deadline) and not closed. */
	public boolean overdue(LocalDate today) {
		LocalDate deadline = "RECTIFYING".equals(status) && rectifyBy != null ? rectifyBy : dueOn;
		return !closed() && deadline.isBefore(today);
	}

	public String statusBadge() {
		return switch (status) {
			case "CLOSED" -> "ok";
			case "RECTIFYING" -> "warn";
			default -> "";
		};
	}
}
