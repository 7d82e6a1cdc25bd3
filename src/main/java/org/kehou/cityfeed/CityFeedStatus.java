package org.kehou.cityfeed;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The puller's state for the page: the cursor, the last pull, success and error, the back-off, and how many records
 * of each type the mirror holds (deleted ones not counted).
 */
public record CityFeedStatus(boolean connected, @Nullable String cursor, @Nullable Instant lastPullAt,
		@Nullable Instant lastSuccessAt, @Nullable Instant lastErrorAt, @Nullable String lastError, int failures,
		@Nullable Instant nextAttemptAt, @Nullable Instant readsSentAt, @Nullable String readsError,
		Map<String, Long> counts) {

	public CityFeedStatus {
		counts = Map.copyOf(counts);
	}
}
