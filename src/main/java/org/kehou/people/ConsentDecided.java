package org.kehou.people;

/**
 * A guardian accepted or refused the privacy notice for a child. {@code usable} is the outcome for the child
 * ({@link Consents#hasAccepted(long)} after this decision): modules stop using the child's data when it is false.
 */
public record ConsentDecided(long studentId, long guardianId, Consents.Decision decision, String noticeVersion,
		boolean usable) {
}
