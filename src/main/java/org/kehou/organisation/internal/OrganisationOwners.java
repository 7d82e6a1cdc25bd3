package org.kehou.organisation.internal;

import java.util.Optional;

import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the central access check who owns the records named by {@code townId}, {@code schoolId}, {@code gradeId},
 * {@code classId} and {@code termId}. A city-direct school's records belong to no town, so only the city and the
 * school's own staff reach them.
 */
@Configuration(proxyBeanMethods = false)
class OrganisationOwners {

	@Bean
	OwnerResolver townOwner(JdbcClient jdbc) {
		return new OwnerResolver() {

			@Override
			public String parameter() {
				return "townId";
			}

			@Override
			public Optional<Owner> ownerOf(long id) {
				return jdbc.sql("SELECT id FROM town WHERE id = :id")
					.param("id", id)
					.query(Long.class)
					.optional()
					.map(Owner::town);
			}
		};
	}

	@Bean
	OwnerResolver schoolOwner(JdbcClient jdbc) {
		return new ScopedRecord("schoolId", "SELECT town_id, id AS school_id FROM school WHERE id = :id", jdbc);
	}

	@Bean
	OwnerResolver gradeOwner(JdbcClient jdbc) {
		return new ScopedRecord("gradeId", """
				SELECT s.town_id, s.id AS school_id FROM grade g JOIN school s ON s.id = g.school_id
				WHERE g.id = :id""", jdbc);
	}

	@Bean
	OwnerResolver classOwner(JdbcClient jdbc) {
		return new ScopedRecord("classId", """
				SELECT s.town_id, s.id AS school_id FROM school_class c JOIN school s ON s.id = c.school_id
				WHERE c.id = :id""", jdbc);
	}

	@Bean
	OwnerResolver termOwner(JdbcClient jdbc) {
		return new ScopedRecord("termId", """
				SELECT s.town_id, s.id AS school_id FROM term t JOIN school s ON s.id = t.school_id
				WHERE t.id = :id""", jdbc);
	}
}
