package org.kehou.selection.internal;

import java.util.Optional;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.selection.SelectionProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns an offering named by {@code offeringId}: its school and the school's town
 * (none for a city-direct school), and the provider whose course it is (read-only: the endpoints that change an
 * offering admit school administrators only). The city sees every offering.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SelectionProperties.class)
class OfferingOwners {

	@Bean
	OwnerResolver offeringOwner(JdbcClient jdbc) {
		return new OwnerResolver() {

			@Override
			public String parameter() {
				return "offeringId";
			}

			@Override
			public Optional<Owner> ownerOf(long id) {
				record Row(long school, @org.jspecify.annotations.Nullable Long town,
						@org.jspecify.annotations.Nullable Long provider) {
				}
				return jdbc.sql("""
						SELECT o.school_id, s.town_id, o.provider_id FROM offering o JOIN school s ON s.id = o.school_id
						WHERE o.id = :id""")
					.param("id", id)
					.query((rs, i) -> new Row(rs.getLong("school_id"), rs.getObject("town_id", Long.class),
							rs.getObject("provider_id", Long.class)))
					.optional()
					.map(r -> r.provider() == null ? Owner.school(r.town(), r.school())
							: Owner.school(r.town(), r.school()).and(Owner.provider(r.provider())));
			}
		};
	}
}
