package org.kehou.selection;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One student of a school in the registration list of a term: the student (roster data, no ID number) and the
 * registration, if any ({@code registrationId}/{@code status} null = not registered). The guardian's phone is masked.
 */
public record RegistrationView(long studentId, String studentNo, String studentName, long gradeId, int gradeLevel,
		String gradeName, long classId, String className, @Nullable Long registrationId,
		@Nullable RegistrationStatus status, @Nullable String remark, @Nullable Instant registeredAt,
		@Nullable Instant decidedAt, @Nullable String declineReason, @Nullable String guardianPhoneMasked) {
}
