package org.kehou.cityfeed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.cityfeed.*}: how this service platform pulls the city's down feed.
 *
 * @param enabled whether the scheduled pull and read summary run (they also need the reporter's connection)
 * @param interval how often the feed is pulled
 * @param readsInterval how often the read summaries are computed and changed ones sent
 * @param pageSize records asked for per page (1 to 1,000)
 * @param backoffBase the first wait after a failed pull; doubled after every further failure
 * @param backoffMax the longest wait
 */
@ConfigurationProperties("kehou.cityfeed")
public record CityFeedProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT1M") Duration interval,
		@DefaultValue("PT10M") Duration readsInterval, @DefaultValue("1000") int pageSize,
		@DefaultValue("PT30S") Duration backoffBase, @DefaultValue("PT30M") Duration backoffMax) {

	public CityFeedProperties {
		if (pageSize < 1 || pageSize > 1000) {
			throw new IllegalArgumentException("kehou.cityfeed.page-size must be 1 to 1000");
		}
		if (backoffBase.isNegative() || backoffBase.isZero() || backoffMax.compareTo(backoffBase) < 0) {
			throw new IllegalArgumentException("kehou.cityfeed.backoff-base must be positive and at most backoff-max");
		}
	}
}
