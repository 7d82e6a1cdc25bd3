package org.kehou.supervision.internal;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.supervision.SupervisionProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a {@code platformId}: a registered service platform is the city's
 * business only (its credentials, its error rate), so only the city admin reaches it. Organisation resolves no
 * {@code platformId} itself; this resolver also guards the parameter on organisation's school page when the
 * supervision role runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SupervisionProperties.class)
class SupervisionOwners {

	@Bean
	OwnerResolver platformOwner(JdbcClient jdbc) {
		return OwnerResolver.of("platformId", id -> jdbc.sql("SELECT id FROM service_platform WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.optional()
			.map(found -> Owner.CITY));
	}
}
