package org.kehou.exchange;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The receiver's answer for one record of a batch, in the order of the batch. */
public record RecordResult(@Nullable String type, @Nullable String id, @Nullable Long version, Outcome outcome,
		List<String> reasons) {

	public static RecordResult accepted(String type, String id, long version) {
		return new RecordResult(type, id, version, Outcome.ACCEPTED, List.of());
	}

	public static RecordResult unchanged(String type, String id, long version, String reason) {
		return new RecordResult(type, id, version, Outcome.UNCHANGED, List.of(reason));
	}

	public static RecordResult rejected(@Nullable String type, @Nullable String id, @Nullable Long version,
			List<String> reasons) {
		return new RecordResult(type, id, version, Outcome.REJECTED, List.copyOf(reasons));
	}
}
