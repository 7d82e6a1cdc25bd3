package org.kehou.providers.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns an instructor named by {@code instructorId}: their provider and the
 * offices of the towns that provider applied to; the city sees every instructor.
 */
@Configuration(proxyBeanMethods = false)
class InstructorOwners {

	@Bean
	OwnerResolver instructorOwner(JdbcClient jdbc) {
		return new OwnerResolver() {

			@Override
			public String parameter() {
				return "instructorId";
			}

			@Override
			public Optional<Owner> ownerOf(long id) {
				List<Long> provider = jdbc.sql("SELECT provider_id FROM instructor WHERE id = :id").param("id", id)
					.query(Long.class).list();
				if (provider.isEmpty()) {
					return Optional.empty();
				}
				var towns = new HashSet<>(jdbc.sql("SELECT town_id FROM provider_town_admission WHERE provider_id = :p")
					.param("p", provider.get(0)).query(Long.class).list());
				return Optional.of(Owner.provider(provider.get(0)).and(new Owner(towns, Set.of(), Set.of(), Set.of())));
			}
		};
	}
}
