package org.kehou.billing.internal;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a reconciliation difference ({@code differenceId}): the school (and town)
 * of the order it concerns; a difference with no order of ours (missing on the platform) is the city's only.
 */
@Configuration(proxyBeanMethods = false)
class ReconciliationOwners {

	@Bean
	OwnerResolver reconciliationDifferenceOwner(JdbcClient jdbc) {
		return OwnerResolver.of("differenceId", id -> {
			record Row(@Nullable Long school, @Nullable Long town) {
			}
			Optional<Row> row = jdbc.sql("""
					SELECT d.school_id, s.town_id FROM billing_recon_difference d LEFT JOIN school s ON s.id = d.school_id
					WHERE d.id = :id""")
				.param("id", id)
				.query((rs, i) -> new Row(rs.getObject(1, Long.class), rs.getObject(2, Long.class)))
				.optional();
			return row.map(r -> r.school() == null ? Owner.CITY : Owner.school(r.town(), r.school()));
		});
	}
}
