package org.kehou.billing.internal;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns an order ({@code orderId}) and a refund ({@code refundId}): the child's
 * school and town, and the child's guardians.
 */
@Configuration(proxyBeanMethods = false)
class BillingOwners {

	private static final String OWNER = """
			SELECT o.school_id, sc.town_id,
			  ARRAY(SELECT g.guardian_id FROM student_guardian g WHERE g.student_id = o.student_id)
			FROM billing_order o JOIN school sc ON sc.id = o.school_id WHERE o.id = """;

	@Bean
	OwnerResolver orderOwner(JdbcClient jdbc) {
		return OwnerResolver.of("orderId", id -> owner(jdbc, OWNER + ":id", id));
	}

	@Bean
	OwnerResolver refundOwner(JdbcClient jdbc) {
		return OwnerResolver.of("refundId", id -> owner(jdbc, OWNER + "(SELECT order_id FROM billing_refund WHERE id = :id)", id));
	}

	private static java.util.Optional<Owner> owner(JdbcClient jdbc, String sql, long id) {
		return jdbc.sql(sql)
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)).withGuardians(ids(rs.getArray(3))))
			.optional();
	}

	static java.util.Set<Long> ids(java.sql.Array array) throws java.sql.SQLException {
		java.util.Set<Long> ids = new java.util.HashSet<>();
		for (Object o : (Object[]) array.getArray()) {
			ids.add(((Number) o).longValue());
		}
		return ids;
	}
}
