package org.kehou.courses;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.providers.AdmissionStatus;
import org.kehou.shared.Money;

/**
 * A course as shown to its owner and its reviewers: a provider's (with its town admissions and review history) or a
 * school's own ({@code schoolId}, {@code schoolTownId}: null for a city-direct school).
 */
public record CourseView(long id, @Nullable Long providerId, @Nullable String providerName, @Nullable Long schoolId,
		@Nullable String schoolName, @Nullable Long schoolTownId, CourseDetails details, CourseStatus status,
		List<Admission> admissions, List<Instructor> instructors, List<Review> reviews, Instant updatedAt) {

	/** The course in one town's pool. */
	public record Admission(long townId, String townName, AdmissionStatus status) {
	}

	/** An instructor teaching the course. */
	public record Instructor(long id, String name) {
	}

	/** One entry of the review history, newest first. */
	public record Review(CourseAction action, CourseStatus fromStatus, CourseStatus toStatus, @Nullable String townName,
			@Nullable String reason, @Nullable String reviewerName, Instant at) {
	}

	public boolean ofSchool() {
		return schoolId != null;
	}

	public String ownerName() {
		String name = providerName != null ? providerName : schoolName;
		return name == null ? "" : name;
	}

	public String name() {
		return details.name();
	}

	public Money price() {
		return details.price();
	}

	/** The reason of the latest decision that needs one, for the provider to read first. */
	public @Nullable String latestReason() {
		return reviews.stream().filter(r -> r.reason() != null).map(Review::reason).findFirst().orElse(null);
	}
}
