package org.kehou.attendance.internal;

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
		// one round trip, like people's studentId owner
		return OwnerResolver.of("pickupPersonId", id -> jdbc.sql("""
				SELECT s.school_id, sc.town_id,
				  ARRAY(SELECT g.guardian_id FROM student_guardian g WHERE g.student_id = s.id)
				FROM pickup_person p JOIN student s ON s.id = p.student_id JOIN school sc ON sc.id = s.school_id
				WHERE p.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1))
				.withGuardians(AttendanceOwners.ids(rs.getArray(3))))
			.optional());
	}
}
