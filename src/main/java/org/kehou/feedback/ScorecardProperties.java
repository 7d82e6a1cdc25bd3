package org.kehou.feedback;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the provider scorecard and the exit rule ({@code kehou.feedback.scorecard.*}).
 *
 * @param exitBelow a provider whose term satisfaction (percent) is below this is flagged for exit review (default 80)
 * @param minimumSample only with at least this many ratings plus survey answers in the term (default 20)
 * @param sweep how often the sweep runs (a cron expression, default daily at 02:30 city time)
 */
@ConfigurationProperties("kehou.feedback.scorecard")
public record ScorecardProperties(@DefaultValue("80") BigDecimal exitBelow, @DefaultValue("20") int minimumSample,
		@DefaultValue("0 30 2 * * *") String sweep) {
}
