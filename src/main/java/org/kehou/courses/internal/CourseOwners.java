package org.kehou.courses.internal;

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
 * Tells the central access check who owns a course named by {@code courseId}. A provider's course: the provider,
 * the offices of the towns it was submitted to, and the schools of the towns where it is approved (so they can read
 * it when they pick courses). A school's own course: the school and its town. The city sees every course.
 */
@Configuration(proxyBeanMethods = false)
class CourseOwners {

	@Bean
	OwnerResolver courseOwner(JdbcClient jdbc) {
		return new OwnerResolver() {

			@Override
			public String parameter() {
				return "courseId";
			}

			@Override
			public Optional<Owner> ownerOf(long id) {
				record Course(@org.jspecify.annotations.Nullable Long provider,
						@org.jspecify.annotations.Nullable Long school, @org.jspecify.annotations.Nullable Long town) {
				}
				List<Course> found = jdbc.sql("""
						SELECT c.provider_id, c.school_id, s.town_id FROM course c LEFT JOIN school s ON s.id = c.school_id
						WHERE c.id = :id""")
					.param("id", id)
					.query((rs, i) -> new Course(rs.getObject("provider_id", Long.class),
							rs.getObject("school_id", Long.class), rs.getObject("town_id", Long.class)))
					.list();
				if (found.isEmpty()) {
					return Optional.empty();
				}
				Course course = found.get(0);
				if (course.school() != null) {
					return Optional.of(Owner.school(course.town(), course.school()));
				}
				var towns = new HashSet<>(jdbc.sql("SELECT town_id FROM course_town_admission WHERE course_id = :id")
					.param("id", id).query(Long.class).list());
				var schools = new HashSet<>(jdbc.sql("""
						SELECT s.id FROM course_town_admission a JOIN school s ON s.town_id = a.town_id
						WHERE a.course_id = :id AND a.status = 'APPROVED'""")
					.param("id", id).query(Long.class).list());
				return Optional.of(Owner.provider(java.util.Objects.requireNonNull(course.provider()))
					.and(new Owner(towns, schools, Set.of(), Set.of())));
			}
		};
	}
}
