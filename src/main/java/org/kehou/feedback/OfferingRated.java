package org.kehou.feedback;

/**
 * A child's rating of an offering was stored ({@code revised}: an earlier one of the same child was changed).
 * For the provider scorecard and anyone else who keeps figures up to date.
 */
public record OfferingRated(long ratingId, long offeringId, long termId, long schoolId, @org.jspecify.annotations.Nullable Long providerId,
		int overall, boolean revised) {
}
