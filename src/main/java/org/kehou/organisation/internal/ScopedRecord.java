package org.kehou.organisation.internal;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Resolves the owner of a school-bound record (school, grade, class, term) with one query that yields the school
 * and its town (null for a city-direct school).
 */
final class ScopedRecord implements OwnerResolver {

	private final String parameter;

	private final String sql;

	private final JdbcClient jdbc;

	/** @param sql selects {@code town_id, school_id} of the record with id {@code :id} */
	ScopedRecord(String parameter, String sql, JdbcClient jdbc) {
		this.parameter = parameter;
		this.sql = sql;
		this.jdbc = jdbc;
	}

	@Override
	public String parameter() {
		return parameter;
	}

	@Override
	public Optional<Owner> ownerOf(long id) {
		List<Owner> owners = jdbc.sql(sql).param("id", id).query((rs, n) -> {
			long town = rs.getLong("town_id");
			@Nullable Long townId = rs.wasNull() ? null : town;
			return Owner.school(townId, rs.getLong("school_id"));
		}).list();
		return owners.stream().findFirst();
	}
}
