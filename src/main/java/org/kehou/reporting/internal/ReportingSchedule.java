package org.kehou.reporting.internal;

import java.time.Clock;

import org.kehou.reporting.Delivery;
import org.kehou.reporting.Reporter;
import org.kehou.reporting.ReportingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the reporter every {@code kehou.reporting.interval} when {@code kehou.reporting.enabled}: while the back-off
 * allows, deliveries until the outbox is empty or one fails. Safe on any number of nodes (the outbox rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED}). When the platform does not report, an hourly sweep keeps the outbox small.
 */
@Component
class ReportingSchedule {

	private static final Logger log = LoggerFactory.getLogger(ReportingSchedule.class);

	private final Reporter reporter;

	private final ReportingProperties properties;

	private final Clock clock;

	ReportingSchedule(Reporter reporter, ReportingProperties properties, ObjectProvider<Clock> clock) {
		this.reporter = reporter;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Scheduled(fixedDelayString = "${kehou.reporting.interval:PT5S}", initialDelayString = "${kehou.reporting.interval:PT5S}")
	void deliver() {
		if (!properties.enabled() || !reporter.connected() || !reporter.due(clock.instant())) {
			return;
		}
		Delivery d = reporter.drain();
		if (d.failed()) {
			log.debug("Reporting paused: {}", d.error());
		}
	}

	/** Offerings whose status or instructors' documents change with the date alone (the city's new day). */
	@Scheduled(cron = "0 5 0 * * *", zone = "Asia/Shanghai")
	void dateChanges() {
		int n = reporter.enqueueDateChanges(java.time.LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Shanghai"))));
		if (n > 0) {
			log.info("Enqueued {} offerings whose reported state changed with the date", n);
		}
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	void discardUnsent() {
		int n = reporter.discardUnsent();
		if (n > 0) {
			log.info("Discarded {} outbox rows of a platform that does not report", n);
		}
		reporter.sweepDeliveredDays();
	}
}
