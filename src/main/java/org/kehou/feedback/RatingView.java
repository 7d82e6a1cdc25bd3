package org.kehou.feedback;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A child's rating of an offering as one reader sees it: {@code comment} is the text as written only when the reader
 * is the guardian who wrote it ({@code ownComment}), otherwise the screened copy.
 */
public record RatingView(long id, long studentId, long offeringId, long termId, int overall,
		Map<RatingCriterion, Integer> scores, @Nullable String comment, boolean ownComment, int revisions,
		Instant ratedAt, @Nullable Instant revisedAt) {

	public int score(RatingCriterion criterion) {
		return scores.getOrDefault(criterion, 0);
	}
}
