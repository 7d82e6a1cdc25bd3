package org.kehou.supervision.internal;

import org.kehou.supervision.DownFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes the city's master data to the down feed at start-up and every few minutes
 * ({@code kehou.supervision.feed-refresh}, default 5 minutes). Safe on any number of nodes: a refresh holds the
 * feed's advisory lock and appends only what changed, so a second node's refresh right after appends nothing.
 */
@Component
class DownFeedSchedule {

	private static final Logger log = LoggerFactory.getLogger(DownFeedSchedule.class);

	private final DownFeed feed;

	DownFeedSchedule(DownFeed feed) {
		this.feed = feed;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStart() {
		refresh();
	}

	@Scheduled(fixedDelayString = "${kehou.supervision.feed-refresh:PT5M}", initialDelayString = "${kehou.supervision.feed-refresh:PT5M}")
	void refresh() {
		try {
			feed.refresh();
		}
		catch (RuntimeException e) {
			log.warn("Down feed refresh failed (the next one retries): {}", e.toString());
		}
	}
}
