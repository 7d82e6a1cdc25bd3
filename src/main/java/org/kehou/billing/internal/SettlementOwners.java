package org.kehou.billing.internal;

import java.sql.Array;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a settlement statement ({@code settlementId}: its school and the school's
 * town, and its provider) and a payment ({@code paymentId}, for the receipt: the order's school and town, and the
 * guardians of the order's child).
 */
@Configuration(proxyBeanMethods = false)
class SettlementOwners {

	@Bean
	OwnerResolver settlementOwner(JdbcClient jdbc) {
		return OwnerResolver.of("settlementId", id -> jdbc.sql("""
				SELECT b.school_id, s.town_id, b.provider_id FROM billing_settlement b JOIN school s ON s.id = b.school_id
				WHERE b.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)).and(Owner.provider(rs.getLong(3))))
			.optional());
	}

	@Bean
	OwnerResolver paymentOwner(JdbcClient jdbc) {
		// one round trip, like attendance's pickup-person owner
		return OwnerResolver.of("paymentId", id -> jdbc.sql("""
				SELECT o.school_id, sc.town_id,
				  ARRAY(SELECT g.guardian_id FROM student_guardian g WHERE g.student_id = o.student_id)
				FROM billing_payment p JOIN billing_order o ON o.id = p.order_id JOIN school sc ON sc.id = o.school_id
				WHERE p.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)).withGuardians(ids(rs.getArray(3))))
			.optional());
	}

	static Set<Long> ids(Array array) throws SQLException {
		Set<Long> ids = new HashSet<>();
		for (Object id : (Object[]) array.getArray()) {
			ids.add(((Number) id).longValue());
		}
		return ids;
	}
}
