package org.kehou.providers;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A line of the providers list; {@code underAnnualReview}: its annual review (年度复核) runs. */
public record ProviderSummary(long id, String legalName, @Nullable String creditCode, ProviderStatus status,
		@Nullable String towns, Instant updatedAt,
		boolean underAnnualReview) {
}
