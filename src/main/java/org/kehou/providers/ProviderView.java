package org.kehou.providers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A provider's application as shown to itself and its reviewers; the contact phone only masked. */
public record ProviderView(long id, String legalName, @Nullable String creditCode, @Nullable String licenceNo,
		@Nullable LocalDate licenceValidUntil, @Nullable String permitNo, @Nullable LocalDate permitValidUntil,
		boolean nationalRegistered, @Nullable String nationalRegistrationNo, @Nullable String fundAccount,
		@Nullable String contactName, @Nullable String contactPhoneMasked, @Nullable String address,
		List<String> categories, ProviderStatus status, List<Admission> admissions, List<Review> reviews,
		Instant updatedAt) {

	/** The application to one town's pool. */
	public record Admission(long townId, String townName, AdmissionStatus status, @Nullable LocalDate validUntil,
			@Nullable Renewal renewal) {

		/** Admitted on that day: approved and not yet past its validity (the whitelist's meaning). */
		public boolean admittedOn(LocalDate day) {
			return status == AdmissionStatus.APPROVED && (validUntil == null || !validUntil.isBefore(day));
		}
	}

	/** One entry of the review history, newest first. */
	public record Review(ReviewAction action, ProviderStatus fromStatus, ProviderStatus toStatus,
			@Nullable String townName, @Nullable String reason, @Nullable String reviewerName, Instant at) {
	}

	/** Whether the annual review (年度复核) runs for any of its admissions. */
	public boolean underAnnualReview() {
		return admissions.stream().anyMatch(a -> a.renewal() != null);
	}

	/**
	 * Whether the provider may change its application and documents now: while drafting or correcting it, or while
	 * the annual review waits for its confirmation.
	 */
	public boolean editable() {
		return status.editable() || status == ProviderStatus.APPROVED
				&& admissions.stream().anyMatch(a -> a.renewal() == Renewal.OPEN);
	}

	/** An admitted provider (not under annual review) may apply to the pools of further towns. */
	public boolean mayApplyToMoreTowns() {
		return status == ProviderStatus.APPROVED && admissions.stream().noneMatch(a -> a.renewal() == Renewal.OPEN);
	}

	/** The reason of the latest decision that needs one, for the provider to read first. */
	public @Nullable String latestReason() {
		return reviews.stream().filter(r -> r.reason() != null).map(Review::reason).findFirst().orElse(null);
	}
}
