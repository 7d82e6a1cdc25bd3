package org.kehou.feedback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of ratings ({@code kehou.feedback.rating.*}).
 *
 * @param afterSessions how many of the child's sessions of an offering must have been held before its guardians may
 * rate it (default 4)
 * @param satisfiedAtLeast the overall score from which a rating counts as satisfied (满意, default 4 of 5)
 * @param publicMinimum how many ratings a provider needs before guardians choosing courses see its summary (default 5)
 */
@ConfigurationProperties("kehou.feedback.rating")
public record RatingProperties(@DefaultValue("4") int afterSessions, @DefaultValue("4") int satisfiedAtLeast,
		@DefaultValue("5") int publicMinimum) {
}
