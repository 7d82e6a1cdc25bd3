package org.kehou.feedback;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Figures over a set of ratings: how many, the average overall score and per criterion (two decimals, null when
 * there are none) and how many are satisfied (满意: overall at least {@code kehou.feedback.rating.satisfied-at-least},
 * default 4). The satisfaction rate (满意率) is satisfied ÷ count.
 */
public record RatingSummary(int count, @Nullable BigDecimal average, Map<RatingCriterion, BigDecimal> criteria,
		int satisfied) {

	public static final RatingSummary NONE = new RatingSummary(0, null, Map.of(), 0);

	/** Satisfied ÷ count as a share between 0 and 1 (four decimals); null without ratings. */
	public @Nullable BigDecimal satisfaction() {
		return count == 0 ? null : BigDecimal.valueOf(satisfied).divide(BigDecimal.valueOf(count), 4, RoundingMode.HALF_UP);
	}

	/** The satisfaction rate in percent with one decimal; null without ratings. */
	public @Nullable BigDecimal satisfactionPercent() {
		BigDecimal share = satisfaction();
		return share == null ? null : share.movePointRight(2).setScale(1, RoundingMode.HALF_UP);
	}

	public @Nullable BigDecimal criterion(RatingCriterion c) {
		return criteria.get(c);
	}
}
