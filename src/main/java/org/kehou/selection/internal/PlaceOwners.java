package org.kehou.selection.internal;

import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns a selection round ({@code roundId}: its school and town) and a place
 * ({@code placeId}: its school and town, and the child's guardians).
 */
@Configuration(proxyBeanMethods = false)
class PlaceOwners {

	@Bean
	OwnerResolver roundOwner(JdbcClient jdbc) {
		return OwnerResolver.of("roundId", id -> jdbc.sql("""
				SELECT r.school_id, s.town_id FROM selection_round r JOIN school s ON s.id = r.school_id WHERE r.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)))
			.optional());
	}

	@Bean
	OwnerResolver placeOwner(JdbcClient jdbc) {
		return OwnerResolver.of("placeId", id -> {
			record Row(long school, @Nullable Long town, long student) {
			}
			return jdbc.sql("""
					SELECT o.school_id, s.town_id, p.student_id FROM place p JOIN offering o ON o.id = p.offering_id
					JOIN school s ON s.id = o.school_id WHERE p.id = :id""")
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
