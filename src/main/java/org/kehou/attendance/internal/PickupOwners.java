package org.kehou.attendance.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.PickupProperties;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns an authorised pickup person ({@code pickupPersonId}): the child's school
 * and town, and the child's guardians (who manage the persons).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PickupProperties.class)
class PickupOwners {

	@Bean
	OwnerResolver pickupPersonOwner(JdbcClient jdbc) {
		return OwnerResolver.of("pickupPersonId", id -> {
			record Row(long school, @Nullable Long town, long student) {
			}
			return jdbc.sql("""
					SELECT s.school_id, sc.town_id, p.student_id FROM pickup_person p JOIN student s ON s.id = p.student_id
					JOIN school sc ON sc.id = s.school_id WHERE p.id = :id""")
				.param("id", id)
				.query((rs, i) -> new Row(rs.getLong(1), rs.getObject(2, Long.class), rs.getLong(3)))
				.optional()
				.map(r -> Owner.school(r.town(), r.school())
					.withGuardians(Set.copyOf(jdbc.sql("SELECT guardian_id FROM student_guardian WHERE student_id = :s")
						.param("s", r.student())
						.query(Long.class)
						.list())));
		});
	}
}
