package org.kehou.supervision.internal;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.supervision.PolicyProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tells the central access check who owns a {@code policyId}: the city's policies are the city admin's only. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicyProperties.class)
class PolicyOwners {

	@Bean
	OwnerResolver policyOwner(JdbcClient jdbc) {
		return OwnerResolver.of("policyId", id -> jdbc.sql("SELECT id FROM sup_policy WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.optional()
			.map(found -> Owner.CITY));
	}
}
