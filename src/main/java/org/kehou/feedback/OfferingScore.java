package org.kehou.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

/**
 * One offering's ratings: its figures and, for the comparison, how many children may rate it now ({@code eligible}:
 * a confirmed place and enough held sessions). Response rate (参评率) = rated children ÷ eligible children.
 */
public record OfferingScore(long offeringId, String offeringName, long schoolId, String schoolName, long termId,
		@Nullable Long providerId, @Nullable String providerName, RatingSummary summary, int eligible) {

	/** Rated ÷ eligible in percent with one decimal; null when nobody is eligible. */
	public @Nullable BigDecimal responsePercent() {
		return eligible == 0 ? null
				: BigDecimal.valueOf(summary.count()).movePointRight(2).divide(BigDecimal.valueOf(eligible), 1, RoundingMode.HALF_UP);
	}
}
