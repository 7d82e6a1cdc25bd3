package org.kehou.people.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who owns the people records requests name ({@code studentId}, {@code guardianId}, {@code staffId},
 * {@code dataRequestId}), for the central access check: a student belongs to its school and town and to its
 * guardians; a guardian to the schools and towns of their children and to themselves.
 * <p>
 * The queries join the organisation module's published {@code school} table (read-only) for the town: these run on
 * every request, so one query each.
 */
@EnableConfigurationProperties(PeopleProperties.class)
@Configuration(proxyBeanMethods = false)
class PeopleOwners {

	private record Place(long schoolId, Long townId) {
	}

	@Bean
	OwnerResolver studentOwner(JdbcClient jdbc) {
		// one round trip: this runs on every request naming a child (the selection rush among them)
		return OwnerResolver.of("studentId", id -> jdbc.sql("""
				SELECT s.school_id, sc.town_id, ARRAY(SELECT g.guardian_id FROM student_guardian g WHERE g.student_id = s.id)
				FROM student s JOIN school sc ON sc.id = s.school_id WHERE s.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)).withGuardians(longs(rs.getArray(3))))
			.optional());
	}

	@Bean
	OwnerResolver guardianOwner(JdbcClient jdbc) {
		return OwnerResolver.of("guardianId", id -> {
			boolean exists = jdbc.sql("SELECT count(*) FROM guardian WHERE id = :id").param("id", id)
				.query(Long.class)
				.single() > 0;
			if (!exists) {
				return Optional.empty();
			}
			List<Place> places = jdbc.sql("""
					SELECT DISTINCT s.school_id, sc.town_id FROM student_guardian sg
					JOIN student s ON s.id = sg.student_id JOIN school sc ON sc.id = s.school_id
					WHERE sg.guardian_id = :id""")
				.param("id", id)
				.query((rs, i) -> new Place(rs.getLong(1), rs.getObject(2, Long.class)))
				.list();
			Set<Long> schools = new HashSet<>();
			Set<Long> towns = new HashSet<>();
			places.forEach(p -> {
				schools.add(p.schoolId());
				if (p.townId() != null) {
					towns.add(p.townId());
				}
			});
			return Optional.of(new Owner(towns, schools, Set.of(id), Set.of()));
		});
	}

	@Bean
	OwnerResolver staffOwner(JdbcClient jdbc) {
		return OwnerResolver.of("staffId", id -> jdbc.sql("""
				SELECT st.school_id, sc.town_id FROM staff st JOIN school sc ON sc.id = st.school_id WHERE st.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1)))
			.optional());
	}

	@Bean
	OwnerResolver dataRequestOwner(JdbcClient jdbc) {
		return OwnerResolver.of("dataRequestId", id -> jdbc.sql("""
				SELECT s.school_id, sc.town_id, r.guardian_id FROM data_request r
				JOIN student s ON s.id = r.student_id JOIN school sc ON sc.id = s.school_id WHERE r.id = :id""")
			.param("id", id)
			.query((rs, i) -> Owner.school(rs.getObject(2, Long.class), rs.getLong(1))
				.withGuardians(Set.of(rs.getLong(3))))
			.optional());
	}

	private static Set<Long> longs(java.sql.Array array) throws java.sql.SQLException {
		Set<Long> ids = new HashSet<>();
		for (Object o : (Object[]) array.getArray()) {
			ids.add(((Number) o).longValue());
		}
		return ids;
	}
}
