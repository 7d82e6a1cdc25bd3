package org.kehou.providers.internal;

import java.util.HashSet;
import java.util.Optional;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a provider named by {@code providerId}: the provider itself and the
 * offices of the towns whose pools it applied to (so they can review it); the city sees every provider.
 */
@Configuration(proxyBeanMethods = false)
class ProviderOwners {

	@Bean
	OwnerResolver providerOwner(JdbcClient jdbc) {
		return new OwnerResolver() {

			@Override
			public String parameter() {
				return "providerId";
			}

			@Override
			public Optional<Owner> ownerOf(long id) {
				if (jdbc.sql("SELECT count(*) FROM provider WHERE id = :id").param("id", id).query(Long.class).single() == 0) {
					return Optional.empty();
				}
				var towns = new HashSet<>(jdbc.sql("SELECT town_id FROM provider_town_admission WHERE provider_id = :id")
					.param("id", id)
					.query(Long.class)
					.list());
				return Optional.of(Owner.provider(id).and(new Owner(towns, java.util.Set.of(), java.util.Set.of(),
						java.util.Set.of())));
			}
		};
	}

	/** A document belongs to whoever owns its provider. */
	@Bean
	OwnerResolver providerDocumentOwner(JdbcClient jdbc) {
		OwnerResolver providers = providerOwner(jdbc);
		return new OwnerResolver() {

			@Override
			public String parameter() {
				return "documentId";
			}

			@Override
			public Optional<Owner> ownerOf(long id) {
				return jdbc.sql("SELECT provider_id FROM provider_document WHERE id = :id")
					.param("id", id)
					.query(Long.class)
					.optional()
					.flatMap(providers::ownerOf);
			}
		};
	}
}
