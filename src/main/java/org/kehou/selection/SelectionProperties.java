package org.kehou.selection;

import java.time.Duration;
import java.time.LocalTime;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the selection module.
 *
 * @param offWorkTime parents' usual off-work time (下班时间) of the 5+2 rule: the after-school service lasts at least
 * two hours a school day and ends no earlier than this time, so a basic care offering must last until it on each of
 * its days (default 17:30)
 * @param claimLanes how many batching lanes apply claims for places (default 2); 0 applies each claim alone in the
 * request's thread
 * @param claimBatch most claims one lane applies in one transaction (default 200)
 * @param claimQueue most claims waiting per lane before new ones are refused as busy (default 20,000)
 * @param claimWait how long a request waits for its claim before answering "busy, retry" (default 10 s)
 * @param factsCache how long a node reuses what a selection checks that rarely changes — an offering's facts and its
 * provider's and instructors' standing, a term's first-come rounds (default 1 s; 0 reads them for every selection).
 * Seats, places and the per-child rules are always decided by the database.
 */
@ConfigurationProperties("kehou.selection")
public record SelectionProperties(@Nullable LocalTime offWorkTime, @Nullable Integer claimLanes,
		@Nullable Integer claimBatch, @Nullable Integer claimQueue, @Nullable Duration claimWait,
		@Nullable Duration factsCache) {

	public SelectionProperties {
		if (offWorkTime == null) {
			offWorkTime = LocalTime.of(17, 30);
		}
		if (claimLanes == null) {
			claimLanes = 2;
		}
		if (claimBatch == null) {
			claimBatch = 200;
		}
		if (claimQueue == null) {
			claimQueue = 20_000;
		}
		if (claimWait == null) {
			claimWait = Duration.ofSeconds(10);
		}
		if (factsCache == null) {
			factsCache = Duration.ofSeconds(1);
		}
	}

	public LocalTime offWork() {
		return java.util.Objects.requireNonNull(offWorkTime);
	}

}
