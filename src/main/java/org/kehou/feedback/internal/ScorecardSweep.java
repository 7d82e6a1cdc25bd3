package org.kehou.feedback.internal;

import java.time.Clock;
import java.time.LocalDateTime;

import org.kehou.feedback.ExitReviews;
import org.kehou.organisation.Terms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Daily (cron {@code kehou.feedback.scorecard.sweep}, city time), flags the providers below the exit threshold
 * ({@link ExitReviews#sweep}); the time comes from a {@link Clock} bean if there is one (tests), else the system
 * clock. Idempotent: a provider is flagged once per term (a unique key), so two nodes running it at once store one
 * exit review; running it on one node only is left to issue 9.
 */
@Component
class ScorecardSweep {

	private static final Logger log = LoggerFactory.getLogger(ScorecardSweep.class);

	private final ExitReviews reviews;

	private final Clock clock;

	ScorecardSweep(ExitReviews reviews, ObjectProvider<Clock> clock) {
		this.reviews = reviews;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Scheduled(cron = "${kehou.feedback.scorecard.sweep:0 30 2 * * *}", zone = "Asia/Shanghai")
	void sweep() {
		var flagged = reviews.sweep(LocalDateTime.ofInstant(clock.instant(), Terms.CITY_ZONE));
		if (!flagged.isEmpty()) {
			log.info("Scorecard sweep: {} providers flagged for exit review", flagged.size());
		}
	}
}
