package org.kehou.feedback;

import org.jspecify.annotations.Nullable;

/**
 * An offering a child attends (a confirmed place) in a term not yet over, as the child's guardian sees it on the
 * ratings page: how many of the child's sessions have been held, how many are needed, and the rating if any.
 */
public record ChildOffering(long offeringId, String offeringName, @Nullable String providerName, long termId,
		String termName, int held, int required, State state, @Nullable RatingView rating) {

	/** 待评价 (may rate), 已评价 (rated, editable), 尚未满 N 次课 (too early), 学期已结束 (closed). */
	public enum State {
		PENDING, RATED, TOO_EARLY, CLOSED
	}
}
