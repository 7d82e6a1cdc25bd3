package org.kehou.supervision.internal;

import java.time.Clock;
import java.util.Map;

import org.kehou.supervision.AlertRule;
import org.kehou.supervision.AlertRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the alert rules every few minutes ({@code kehou.supervision.alerts.sweep}, default 5 minutes) as of the
 * clock's now. Safe on any number of nodes: each rule is one statement that raises an alert at most once per key.
 */
@Component
class AlertSweep {

	private static final Logger log = LoggerFactory.getLogger(AlertSweep.class);

	private final AlertRules rules;

	private final Clock clock;

	AlertSweep(AlertRules rules, ObjectProvider<Clock> clock) {
		this.rules = rules;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Scheduled(fixedDelayString = "${kehou.supervision.alerts.sweep:PT5M}",
			initialDelayString = "${kehou.supervision.alerts.sweep:PT5M}")
	void sweep() {
		Map<AlertRule, AlertRules.Outcome> outcomes = rules.sweep(clock.instant());
		long raised = outcomes.values().stream().mapToLong(AlertRules.Outcome::raised).sum();
		long cleared = outcomes.values().stream().mapToLong(AlertRules.Outcome::cleared).sum();
		if (raised > 0 || cleared > 0) {
			log.info("Alert sweep: {} raised, {} cleared", raised, cleared);
		}
	}
}
