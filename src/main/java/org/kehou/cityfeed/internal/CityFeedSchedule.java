package org.kehou.cityfeed.internal;

import java.time.Clock;

import org.kehou.cityfeed.CityFeed;
import org.kehou.cityfeed.CityFeedProperties;
import org.kehou.cityfeed.CityPolicies;
import org.kehou.cityfeed.PullResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pulls the city's feed every {@code kehou.cityfeed.interval} (default one minute) and sends the changed read
 * summaries every {@code kehou.cityfeed.reads-interval}, when {@code kehou.cityfeed.enabled} and the reporter is
 * connected to the city; the pull respects the back-off. Safe on several nodes (pages are serialised on the state row;
 * summaries sent twice are harmless: the newest version wins).
 */
@Component
class CityFeedSchedule {

	private static final Logger log = LoggerFactory.getLogger(CityFeedSchedule.class);

	private final CityFeed feed;

	private final CityPolicies policies;

	private final CityFeedProperties properties;

	private final Clock clock;

	CityFeedSchedule(CityFeed feed, CityPolicies policies, CityFeedProperties properties,
			ObjectProvider<Clock> clock) {
		this.feed = feed;
		this.policies = policies;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Scheduled(fixedDelayString = "${kehou.cityfeed.interval:PT1M}", initialDelayString = "${kehou.cityfeed.interval:PT1M}")
	void pull() {
		if (!properties.enabled() || !feed.connected() || !feed.due(clock.instant())) {
			return;
		}
		PullResult r = feed.pull(clock.instant());
		if (r.failed()) {
			log.debug("City feed paused: {}", r.error());
		}
	}

	@Scheduled(fixedDelayString = "${kehou.cityfeed.reads-interval:PT10M}",
			initialDelayString = "${kehou.cityfeed.reads-interval:PT10M}")
	void sendReads() {
		if (properties.enabled() && feed.connected()) {
			policies.sendReadSummaries(clock.instant());
		}
	}
}
