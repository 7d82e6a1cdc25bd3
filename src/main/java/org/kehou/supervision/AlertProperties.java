package org.kehou.supervision;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kehou.supervision.alerts.*}: the thresholds of the alert rules.
 *
 * @param sweep how often the rules are evaluated
 * @param rollCallGrace how long after a session's scheduled end its roll call may still arrive
 * @param rollCallLookback how far back sessions are checked for a missing roll call
 * @param satisfactionBelow a school's satisfaction (percent of ratings with overall 4 or 5) under this raises an alert
 * @param minRatings ... but only with at least this many ratings in the window
 * @param satisfactionWindow the ratings counted: those of the last this many days (about a term)
 * @param silence a platform not heard from for longer is silent
 * @param forcedMinStudents full participation with no withdrawal is suspicious only from this many students
 */
@ConfigurationProperties("kehou.supervision.alerts")
public record AlertProperties(@DefaultValue("PT5M") Duration sweep, @DefaultValue("PT2H") Duration rollCallGrace,
		@DefaultValue("P14D") Duration rollCallLookback, @DefaultValue("80") int satisfactionBelow,
		@DefaultValue("10") int minRatings, @DefaultValue("P120D") Duration satisfactionWindow,
		@DefaultValue("PT24H") Duration silence, @DefaultValue("30") int forcedMinStudents) {

	public AlertProperties {
		if (sweep.isNegative() || sweep.isZero() || rollCallGrace.isNegative() || rollCallLookback.isNegative()
				|| satisfactionWindow.isNegative() || silence.isNegative()) {
			throw new IllegalArgumentException("kehou.supervision.alerts: durations must be positive");
		}
		if (satisfactionBelow < 1 || satisfactionBelow > 100 || minRatings < 1 || forcedMinStudents < 1) {
			throw new IllegalArgumentException("kehou.supervision.alerts: thresholds out of range");
		}
	}
}
