package org.kehou.feedback.internal;

import org.kehou.feedback.RatingProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the ratings' settings ({@code kehou.feedback.rating.*}). Ratings add no path variable of their own: their
 * endpoints name a child ({@code studentId}), an offering ({@code offeringId}) or a provider ({@code providerId}),
 * whose owners other modules resolve.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RatingProperties.class)
class RatingConfiguration {
}
