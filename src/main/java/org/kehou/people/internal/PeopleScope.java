package org.kehou.people.internal;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The anchors of a caller's scope as SQL parameters for lists of people ({@code null} = no restriction at that
 * level). Each role restricts by its own anchor only; providers and instructors see no people at all.
 *
 * <p>Queries using it alias {@code student} as {@code s} and {@code school} as {@code sc} and append {@link #SQL}.
 * The town condition reads the organisation module's published {@code school} table (read-only), so that a town's
 * lists stay one query.
 */
public record PeopleScope(@Nullable Long townId, @Nullable Long schoolId, @Nullable Long guardianId, boolean visible) {

	public static final String SQL = "\n" + """
			 AND (CAST(:scopeTown AS BIGINT) IS NULL OR sc.town_id = :scopeTown)
			 AND (CAST(:scopeSchool AS BIGINT) IS NULL OR s.school_id = :scopeSchool)
			 AND (CAST(:scopeGuardian AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM student_guardian sgs
			      WHERE sgs.student_id = s.id AND sgs.guardian_id = :scopeGuardian))
			 AND :scopeVisible""";

	public static PeopleScope of(Scope scope) {
		return switch (scope.role()) {
			case CITY_ADMIN -> new PeopleScope(null, null, null, true);
			case TOWN_ADMIN -> new PeopleScope(scope.townId(), null, null, scope.townId() != null);
			case SCHOOL_ADMIN, TEACHER, INSPECTOR -> new PeopleScope(null, scope.schoolId(), null, scope.schoolId() != null);
			case GUARDIAN -> new PeopleScope(null, null, scope.guardianId(), scope.guardianId() != null);
			case PROVIDER_ADMIN, INSTRUCTOR -> new PeopleScope(null, null, null, false);
		};
	}

	public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
		return spec.param("scopeTown", townId)
			.param("scopeSchool", schoolId)
			.param("scopeGuardian", guardianId)
			.param("scopeVisible", visible);
	}
}
