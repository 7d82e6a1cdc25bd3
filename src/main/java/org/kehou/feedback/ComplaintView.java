package org.kehou.feedback;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A complaint as one viewer may see it: its text and response are screened ({@link org.kehou.shared.Masking#screen})
 * for everyone but their author.
 *
 * @param overdue not resolved and past its deadline
 * @param photoIds the ids of its photos, in order
 * @param canRate / canReopen what the signed-in guardian may still do
 */
public record ComplaintView(long id, long studentId, String studentName, long schoolId, String schoolName,
		@Nullable Long townId, ComplaintSubject.Kind subjectKind, String subjectName, @Nullable Long offeringId,
		@Nullable Long providerId, String text, ComplaintStatus status, ComplaintLevel level, Instant dueAt,
		boolean overdue, int escalations, @Nullable String response, @Nullable ComplaintFinding finding,
		@Nullable Instant respondedAt, @Nullable Instant resolvedAt, @Nullable Instant reopenedAt,
		@Nullable Integer rating, @Nullable String ratingComment, Instant filedAt, List<Long> photoIds,
		boolean canRate, boolean canReopen) {
}
