package org.kehou.attendance;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Inspections of a school, a provider or an offering in a date range, summed up: how many visits of how many
 * sessions, and the average score (1–5, two decimals) per criterion and over all criteria — null without visits.
 * What the provider scorecard and supervision read.
 */
public record InspectionSummary(InspectionSubject subject, java.time.LocalDate from, java.time.LocalDate to,
		int visits, int sessions, Map<InspectionCriterion, BigDecimal> averages, @Nullable BigDecimal overall) {

	public InspectionSummary {
		averages = Inspections.ordered(averages);
	}

	/** The average of one criterion, or null without visits. */
	public @Nullable BigDecimal average(InspectionCriterion criterion) {
		return averages.get(criterion);
	}
}
