package org.kehou.feedback;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A provider flagged for exit review in a term: the satisfaction and sample at flag time, the threshold then in force,
 * the scorecard at flag time ({@code evidence}, null if it could not be read back) and every decision, oldest first.
 */
public record ExitReviewView(long id, long providerId, String providerName, String providerStatus, Scorecard.Term term,
		BigDecimal satisfaction, int sample, BigDecimal threshold, Instant flaggedAt, @Nullable Scorecard evidence,
		List<Decision> decisions) {

	/** One decision: the level (TOWN with its town, or CITY), what, why, the rectification and its deadline. */
	public record Decision(long id, String level, @Nullable Long townId, @Nullable String townName,
			ExitDecision decision, String reason, @Nullable String rectification, @Nullable LocalDate deadline,
			@Nullable String decidedBy, Instant decidedAt) {
	}

	public boolean decided() {
		return !decisions.isEmpty();
	}
}
