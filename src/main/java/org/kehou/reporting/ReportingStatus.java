package org.kehou.reporting;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The reporter's figures for its page.
 *
 * @param enabled whether the scheduled delivery runs
 * @param cityUrl where it sends to (null: not connected)
 * @param pending outbox rows not yet delivered
 * @param oldestPending the age of the oldest of them
 * @param parked records parked with reasons
 * @param deliveredToday records delivered this city day
 * @param failures failed deliveries in a row
 */
public record ReportingStatus(boolean enabled, @Nullable URI cityUrl, long pending, @Nullable Duration oldestPending,
		long parked, long deliveredToday, @Nullable Instant lastSuccessAt, @Nullable Instant lastErrorAt,
		@Nullable String lastError, int failures, @Nullable Instant nextAttemptAt) {
}
