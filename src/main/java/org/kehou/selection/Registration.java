package org.kehou.selection;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A child's registration for a term's after-school service (one per child and term).
 *
 * @param registeredBy the guardian who (last) registered the child
 * @param declineReason the school's reason when {@link RegistrationStatus#DECLINED}
 */
public record Registration(long id, long studentId, long termId, long schoolId, RegistrationStatus status,
		@Nullable String remark, @Nullable Long registeredBy, Instant registeredAt, @Nullable Instant decidedAt,
		@Nullable String declineReason, @Nullable Instant withdrawnAt, Instant updatedAt) {
}
