package org.kehou.organisation;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Scope;

/**
 * The SQL anchors of a caller's scope over organisation data: {@code null} means "no restriction at that level".
 * Empty when the scope sees no school data at all (guardians, providers).
 */
record ScopeAnchors(@Nullable Long townId, @Nullable Long schoolId) {

	static Optional<ScopeAnchors> of(Scope scope) {
		return switch (scope.role()) {
			case CITY_ADMIN -> Optional.of(new ScopeAnchors(null, null));
			case TOWN_ADMIN -> scope.townId() == null ? Optional.empty()
					: Optional.of(new ScopeAnchors(scope.townId(), null));
			case SCHOOL_ADMIN, TEACHER, INSPECTOR -> scope.schoolId() == null ? Optional.empty()
					: Optional.of(new ScopeAnchors(null, scope.schoolId()));
			default -> Optional.empty();
		};
	}

	/** SQL condition on a school alias {@code s}, with parameters {@code :anchorTown} and {@code :anchorSchool}. */
	static final String SCHOOL_CONDITION = "(CAST(:anchorTown AS BIGINT) IS NULL OR s.town_id = :anchorTown)"
			+ " AND (CAST(:anchorSchool AS BIGINT) IS NULL OR s.id = :anchorSchool)";
}
