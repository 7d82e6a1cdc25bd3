package org.kehou.feedback;

import org.jspecify.annotations.Nullable;

/**
 * What a complaint may be about, as offered to the guardian: the school, one of the child's current offerings, an
 * instructor of it, or its provider. {@code key} identifies the choice in a filing ({@code SCHOOL},
 * {@code OFFERING-12}, {@code INSTRUCTOR-12-7}, {@code PROVIDER-3}).
 */
public record ComplaintSubject(String key, Kind kind, String name, @Nullable Long offeringId,
		@Nullable Long instructorId, @Nullable Long providerId) {

	public enum Kind {
		SCHOOL, OFFERING, INSTRUCTOR, PROVIDER
	}
}
