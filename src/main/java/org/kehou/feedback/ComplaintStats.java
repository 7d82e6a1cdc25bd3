package org.kehou.feedback;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * The complaints of a provider or a school filed between two dates (city days, both included), for the scorecard.
 *
 * @param substantiated found SUBSTANTIATED
 * @param partly found PARTLY substantiated
 * @param averageRating the guardians' average rating of the handling (1–5, two decimals); null when none rated
 * @param overdue how many passed a deadline (escalated by the sweep, or open and past it now)
 */
public record ComplaintStats(LocalDate from, LocalDate to, int count, int substantiated, int partly,
		@Nullable BigDecimal averageRating, int rated, int overdue) {
}
