package org.kehou.ledger.internal;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a posting ({@code postingId}): the schools (and their towns) of the
 * accounts its legs touch. A posting between provider and platform accounts only belongs to no school: only the city
 * reaches it.
 */
@Configuration(proxyBeanMethods = false)
class LedgerOwners {

	@Bean
	OwnerResolver postingOwner(JdbcClient jdbc) {
		return OwnerResolver.of("postingId", id -> {
			if (jdbc.sql("SELECT count(*) FROM ledger_posting WHERE id = :id").param("id", id).query(Long.class).single() == 0) {
				return Optional.empty();
			}
			record Row(long school, @Nullable Long town) {
			}
			List<Row> rows = jdbc.sql("""
					SELECT DISTINCT s.id, s.town_id FROM ledger_leg l JOIN ledger_account a ON a.id = l.account_id
					JOIN school s ON s.id = a.school_id WHERE l.posting_id = :id""")
				.param("id", id)
				.query((rs, i) -> new Row(rs.getLong(1), rs.getObject(2, Long.class)))
				.list();
			Owner owner = Owner.CITY;
			for (Row r : rows) {
				owner = owner.and(Owner.school(r.town(), r.school()));
			}
			return Optional.of(owner);
		});
	}
}
