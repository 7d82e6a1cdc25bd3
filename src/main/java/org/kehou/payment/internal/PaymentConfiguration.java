package org.kehou.payment.internal;

import java.util.Set;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The module's settings, and the owner of a sandbox prepay for the central access check ({@code prepayId}): the
 * guardian named as payer at prepay (the platform passes the guardian's id as the payer id, the way a WeChat JSAPI
 * prepay names the payer's openid). So only that guardian (and the city, which sees everything but has no cashier
 * role) gets past the check; everyone else gets 404.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ PaymentProperties.class, SandboxProperties.class })
class PaymentConfiguration {

	@Bean
	@ConditionalOnProperty(name = "kehou.payment.gateway", havingValue = "sandbox", matchIfMissing = true)
	OwnerResolver prepayOwners(JdbcClient jdbc) {
		return OwnerResolver.of("prepayId", id -> jdbc.sql("SELECT payer_id FROM sandbox_order WHERE prepay_id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.map(payer -> {
				try {
					return Owner.CITY.withGuardians(Set.of(Long.parseLong(payer)));
				}
				catch (NumberFormatException e) {
					return Owner.CITY;
				}
			}));
	}
}
