package org.kehou.feedback.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.kehou.feedback.ExitReviews;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a provider's scorecard ({@code scorecardProviderId}): the provider itself,
 * the towns whose pools it applied to, and the schools (and their towns) where it has offerings; and an exit review
 * ({@code exitReviewId}): the towns where its provider works in the review's term or is admitted (the city sees all).
 */
@Configuration(proxyBeanMethods = false)
class ScorecardOwners {

	@Bean
	OwnerResolver scorecardProviderOwner(JdbcClient jdbc) {
		return OwnerResolver.of("scorecardProviderId", id -> {
			if (jdbc.sql("SELECT count(*) FROM provider WHERE id = :id").param("id", id).query(Long.class).single() == 0) {
				return Optional.empty();
			}
			Set<Long> towns = new HashSet<>(jdbc.sql("""
					SELECT town_id FROM provider_town_admission WHERE provider_id = :id
					UNION SELECT sc.town_id FROM offering o JOIN school sc ON sc.id = o.school_id
					WHERE o.provider_id = :id AND sc.town_id IS NOT NULL""").param("id", id).query(Long.class).list());
			Set<Long> schools = new HashSet<>(jdbc.sql("SELECT DISTINCT school_id FROM offering WHERE provider_id = :id")
				.param("id", id).query(Long.class).list());
			return Optional.of(Owner.provider(id).and(new Owner(towns, schools, Set.of(), Set.of())));
		});
	}

	@Bean
	OwnerResolver exitReviewOwner(ExitReviews reviews) {
		return OwnerResolver.of("exitReviewId", id -> reviews.towns(id)
			.map(towns -> new Owner(Set.copyOf(towns), Set.of(), Set.of(), Set.of())));
	}
}
