package org.kehou.selection;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.Money;

/** An offering as pages and the API show it. */
public record OfferingView(long id, long termId, long schoolId, long courseId, @Nullable Long providerId,
		@Nullable String providerName, String name, OfferingKind kind, String categoryCode, String venue,
		int minCapacity, int capacity, int taken, List<Integer> grades, List<Long> classIds, boolean daysChoosable,
		Money feePerLesson, int lessonMinutes, int lessonCount, OfferingStatus status, int version, List<Slot> slots,
		List<Teacher> teachers) {

	/** A teacher with a name to show. */
	public record Teacher(String key, @Nullable Long instructorId, @Nullable Long staffId, String name) {
	}

	public int remaining() {
		return Math.max(capacity - taken, 0);
	}

	public Money termFee() {
		return feePerLesson.times(lessonCount);
	}

	public boolean editable() {
		return status != OfferingStatus.CANCELLED;
	}
}
