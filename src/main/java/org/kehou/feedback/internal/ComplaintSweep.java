package org.kehou.feedback.internal;

import java.time.Clock;

import org.kehou.feedback.Complaints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every minute, escalates the unresolved complaints past their deadline ({@link Complaints#escalateOverdue}); the time
 * comes from a {@link Clock} bean if there is one (tests), else the system clock. Safe on any number of nodes: each
 * escalation is a conditional update.
 */
@Component
class ComplaintSweep {

	private static final Logger log = LoggerFactory.getLogger(ComplaintSweep.class);

	private final Complaints complaints;

	private final Clock clock;

	ComplaintSweep(Complaints complaints, ObjectProvider<Clock> clock) {
		this.complaints = complaints;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Scheduled(fixedDelayString = "${kehou.feedback.complaint.sweep:PT1M}", initialDelayString = "PT1M")
	void sweep() {
		int moved = complaints.escalateOverdue(clock.instant());
		if (moved > 0) {
			log.info("Complaint sweep: {} overdue complaints escalated", moved);
		}
	}
}
